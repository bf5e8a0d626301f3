// Response clocks and their event log, for every SQL backend.
#include <algorithm>

#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kClockColumns =
    "shop_id, id, conversation_id, message_id, target, counting, state, started_at, budget_ms, "
    "running_since, due_at, breached_at, ended_at, warnings_fired, alert_at, channel_id, "
    "fulfilled_by, answer_message_id";

constexpr const char* kEventColumns =
    "shop_id, id, conversation_id, message_id, target, kind, at, due_at, value_ms";

SlaClock ReadClock(const Statement& s) {
  SlaClock c;
  c.shop_id = s.Int(0);
  c.id = s.Int(1);
  c.conversation_id = s.Int(2);
  c.message_id = s.Int(3);
  c.target = ParseSlaTarget(s.Text(4)).value_or(SlaTarget::kFirstResponse);
  c.counting = ParseSlaCounting(s.Text(5)).value_or(SlaCounting::kCalendar);
  c.state = ParseSlaClockState(s.Text(6)).value_or(SlaClockState::kStopped);
  c.started_at = s.Int(7);
  c.budget = s.Int(8);
  c.running_since = s.Int(9);
  c.due_at = s.Int(10);
  c.breached_at = s.OptionalInt(11);
  c.ended_at = s.OptionalInt(12);
  c.warnings_fired = static_cast<int>(s.Int(13));
  c.alert_at = s.OptionalInt(14);
  c.channel_id = s.Int(15);
  c.fulfilled_by = s.OptionalInt(16);
  c.answer_message_id = s.OptionalInt(17);
  return c;
}

SlaEvent ReadEvent(const Statement& s) {
  SlaEvent e;
  e.shop_id = s.Int(0);
  e.id = s.Int(1);
  e.conversation_id = s.Int(2);
  e.message_id = s.Int(3);
  e.target = ParseSlaTarget(s.Text(4)).value_or(SlaTarget::kFirstResponse);
  e.kind = ParseSlaEventKind(s.Text(5)).value_or(SlaEventKind::kStarted);
  e.at = s.Int(6);
  e.due_at = s.Int(7);
  e.value = s.Int(8);
  return e;
}

// How many rows one multi-row statement writes (SQLite allows 32766 parameters).
constexpr std::size_t kBatch = 500;

class SqlSlaClockRepo final : public SlaClockRepo {
 public:
  explicit SqlSlaClockRepo(Connection& c) : c_(c) {}

  Result<std::vector<SlaClock>> UnfinishedClocks(ShopId shop,
                                                 ConversationId conversation) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kClockColumns +
                         " FROM sla_clocks WHERE shop_id = ?1 AND conversation_id = ?2 AND "
                         "ended_at IS NULL ORDER BY id");
    s.Bind(1, shop).Bind(2, conversation);
    return CollectRows(s, ReadClock);
  }

  Result<std::vector<SlaClock>> ListClocks(ShopId shop, ConversationId conversation) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kClockColumns +
                         " FROM sla_clocks WHERE shop_id = ?1 AND conversation_id = ?2 ORDER BY "
                         "id");
    s.Bind(1, shop).Bind(2, conversation);
    return CollectRows(s, ReadClock);
  }

  Status SaveClocks(const std::vector<SlaClock>& clocks) override {
    for (const auto& clock : clocks) {
      if (clock.id == 0) {
        SHOPDESK_PREPARE(
            s, c_,
            "INSERT INTO sla_clocks (shop_id, conversation_id, message_id, target, counting, "
            "state, started_at, budget_ms, running_since, due_at, breached_at, ended_at, "
            "warnings_fired, alert_at, channel_id, fulfilled_by, answer_message_id) VALUES (?1, "
            "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
        SHOPDESK_TRY(BindClock(s, clock).Defer());
      } else {
        SHOPDESK_PREPARE(
            s, c_,
            "UPDATE sla_clocks SET state = ?6, budget_ms = ?8, running_since = ?9, due_at = ?10, "
            "breached_at = ?11, ended_at = ?12, warnings_fired = ?13, alert_at = ?14, "
            "fulfilled_by = ?16, answer_message_id = ?17 WHERE shop_id = ?1 AND id = ?18 AND "
            "conversation_id = ?2 AND "
            "message_id = ?3 AND target = ?4 AND counting = ?5 AND started_at = ?7 AND "
            "channel_id = ?15");
        SHOPDESK_TRY(BindClock(s, clock)
                         .Bind(18, clock.id)
                         .DeferChange(Error::NotFound("response clock", clock.id)));
      }
    }
    return Ok();
  }

  Status SaveDueTimes(ShopId shop, const std::vector<SlaClock>& clocks) override {
    if (c_.InProcess()) {
      for (const auto& clock : clocks) {
        SHOPDESK_PREPARE(s, c_,
                         "UPDATE sla_clocks SET due_at = ?3, alert_at = ?4 WHERE shop_id = ?1 AND "
                         "id = ?2 AND state = 'running'");
        SHOPDESK_TRY(
            s.Bind(1, shop).Bind(2, clock.id).Bind(3, clock.due_at).Bind(4, clock.alert_at).Run());
      }
      return Ok();
    }
    for (std::size_t begin = 0; begin < clocks.size(); begin += kBatch) {
      const std::size_t end = std::min(clocks.size(), begin + kBatch);
      // One statement per batch: a round trip per clock would make PostgreSQL take
      // minutes for a large shop.
      std::string values;
      for (std::size_t i = begin; i < end; ++i) {
        const int p = static_cast<int>(3 * (i - begin)) + 2;
        values += (i == begin ? "" : ", ");
        values += "(CAST(?" + std::to_string(p) + " AS BIGINT), CAST(?" + std::to_string(p + 1) +
                  " AS BIGINT), CAST(?" + std::to_string(p + 2) + " AS BIGINT))";
      }
      // UPDATE ... FROM joins once (SQLite 3.33+, PostgreSQL); a correlated subquery per
      // column would scan the batch for every row.
      SHOPDESK_PREPARE(s, c_,
                       "WITH v (id, due, alert) AS (VALUES " + values +
                           ") UPDATE sla_clocks SET due_at = v.due, alert_at = v.alert FROM v "
                           "WHERE sla_clocks.id = v.id AND sla_clocks.shop_id = ?1 AND "
                           "sla_clocks.state = 'running'");
      s.Bind(1, shop);
      for (std::size_t i = begin; i < end; ++i) {
        const int p = static_cast<int>(3 * (i - begin)) + 2;
        s.Bind(p, clocks[i].id).Bind(p + 1, clocks[i].due_at).Bind(p + 2, clocks[i].alert_at);
      }
      SHOPDESK_TRY(s.Run());
    }
    return Ok();
  }

  Status AppendEvents(const std::vector<SlaEvent>& events) override {
    for (const auto& e : events) {
      SHOPDESK_PREPARE(s, c_,
                       "INSERT INTO sla_events (shop_id, conversation_id, message_id, target, "
                       "kind, at, due_at, value_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      SHOPDESK_TRY(s.Bind(1, e.shop_id)
                       .Bind(2, e.conversation_id)
                       .Bind(3, e.message_id)
                       .Bind(4, SlaTargetName(e.target))
                       .Bind(5, SlaEventKindName(e.kind))
                       .Bind(6, e.at)
                       .Bind(7, e.due_at)
                       .Bind(8, e.value)
                       .Defer());
    }
    return Ok();
  }

  Result<std::vector<SlaEvent>> ListEvents(ShopId shop, ConversationId conversation) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kEventColumns +
                         " FROM sla_events WHERE shop_id = ?1 AND conversation_id = ?2 ORDER BY "
                         "id");
    s.Bind(1, shop).Bind(2, conversation);
    return CollectRows(s, ReadEvent);
  }

  Result<std::vector<SlaClock>> ClocksAnsweredBy(ShopId shop, ConversationId conversation,
                                                 MessageId reply) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kClockColumns +
                         " FROM sla_clocks WHERE shop_id = ?1 AND conversation_id = ?2 AND "
                         "answer_message_id = ?3 ORDER BY id");
    s.Bind(1, shop).Bind(2, conversation).Bind(3, reply);
    return CollectRows(s, ReadClock);
  }

  Result<bool> HasFulfilledClock(ShopId shop, ConversationId conversation) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT 1 FROM sla_clocks WHERE shop_id = ?1 AND conversation_id = ?2 AND "
                     "state = 'fulfilled' LIMIT 1");
    s.Bind(1, shop).Bind(2, conversation);
    return s.Step();
  }

  Result<std::vector<std::pair<ShopId, ConversationId>>> DueForAlerts(Timestamp now,
                                                                      int limit) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT shop_id, conversation_id FROM sla_clocks WHERE alert_at IS NOT NULL "
                     "AND alert_at <= ?1 ORDER BY alert_at LIMIT ?2" +
                         std::string(c_.ClaimRowsClause()));
    s.Bind(1, now).Bind(2, limit);
    auto rows = CollectRows(s, [](const Statement& r) {
      return std::pair<ShopId, ConversationId>(r.Int(0), r.Int(1));
    });
    if (!rows) return rows.error();
    std::vector<std::pair<ShopId, ConversationId>> unique;
    for (const auto& row : *rows) {
      if (std::find(unique.begin(), unique.end(), row) == unique.end()) unique.push_back(row);
    }
    return unique;
  }

  Result<std::vector<SlaClock>> RunningBusinessClocks(ShopId shop, SlaClockId after,
                                                      int limit) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kClockColumns +
                         " FROM sla_clocks WHERE shop_id = ?1 AND state = 'running' AND "
                         "counting = 'business' AND id > ?2 ORDER BY id LIMIT ?3");
    s.Bind(1, shop).Bind(2, after).Bind(3, limit);
    return CollectRows(s, ReadClock);
  }

  Status RefreshConversationDue(ShopId shop,
                                const std::vector<ConversationId>& conversations) override {
    for (std::size_t begin = 0; begin < conversations.size(); begin += kBatch) {
      const std::size_t end = std::min(conversations.size(), begin + kBatch);
      std::string ids;
      for (std::size_t i = begin; i < end; ++i) {
        ids += (i == begin ? "CAST(?" : ", CAST(?") + std::to_string(i - begin + 2) + " AS BIGINT)";
      }
      SHOPDESK_PREPARE(
          s, c_,
          "UPDATE conversations SET due_at = (SELECT MIN(k.due_at) FROM sla_clocks k WHERE "
          "k.shop_id = conversations.shop_id AND k.conversation_id = conversations.id AND "
          "k.ended_at IS NULL AND k.state = 'running') WHERE shop_id = ?1 AND id IN (" +
              ids + ")");
      s.Bind(1, shop);
      for (std::size_t i = begin; i < end; ++i) {
        s.Bind(static_cast<int>(i - begin) + 2, conversations[i]);
      }
      SHOPDESK_TRY(s.Run());
    }
    return Ok();
  }

 private:
  static Statement& BindClock(Statement& s, const SlaClock& c) {
    return s.Bind(1, c.shop_id)
        .Bind(2, c.conversation_id)
        .Bind(3, c.message_id)
        .Bind(4, SlaTargetName(c.target))
        .Bind(5, SlaCountingName(c.counting))
        .Bind(6, SlaClockStateName(c.state))
        .Bind(7, c.started_at)
        .Bind(8, c.budget)
        .Bind(9, c.running_since)
        .Bind(10, c.due_at)
        .Bind(11, c.breached_at)
        .Bind(12, c.ended_at)
        .Bind(13, c.warnings_fired)
        .Bind(14, c.alert_at)
        .Bind(15, c.channel_id)
        .Bind(16, c.fulfilled_by)
        .Bind(17, c.answer_message_id);
  }

  Connection& c_;
};

}  // namespace

std::unique_ptr<SlaClockRepo> MakeSlaClockRepo(Connection& c) {
  return std::make_unique<SqlSlaClockRepo>(c);
}

}  // namespace shopdesk::store::sql
