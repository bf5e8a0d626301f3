// Response targets, business hours and response clocks, for every SQL backend.
#include <algorithm>
#include <charconv>
#include <sstream>

#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kClockColumns =
    "shop_id, id, conversation_id, message_id, target, counting, state, started_at, budget_ms, "
    "running_since, due_at, breached_at, ended_at, warnings_fired, alert_at, channel_id, "
    "fulfilled_by, answer_message_id";

constexpr const char* kEventColumns =
    "shop_id, id, conversation_id, message_id, target, kind, at, due_at, value_ms";

std::int64_t ToInt(std::string_view text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

// "14400000,3600000" <-> {4 h, 1 h}.
std::string EncodeDurations(const std::vector<Timestamp>& values) {
  std::string out;
  for (Timestamp v : values) out += (out.empty() ? "" : ",") + std::to_string(v);
  return out;
}
std::vector<Timestamp> DecodeDurations(const std::string& text) {
  std::vector<Timestamp> values;
  for (const auto& part : SplitNonEmpty(text, ',')) values.push_back(ToInt(part));
  return values;
}

// "1:540-1080 1:1140-1260 2:540-1080": weekday:open-close in minutes.
std::string EncodeWeekly(const BusinessCalendar& calendar) {
  std::string out;
  for (int day = 0; day < 7; ++day) {
    for (const auto& interval : calendar.weekly[day]) {
      if (!out.empty()) out += ' ';
      out += std::to_string(day) + ':' + std::to_string(interval.open_minute) + '-' +
             std::to_string(interval.close_minute);
    }
  }
  return out;
}
void DecodeWeekly(const std::string& text, BusinessCalendar& calendar) {
  for (const auto& entry : SplitNonEmpty(text, ' ')) {
    const auto colon = entry.find(':');
    const auto dash = entry.find('-', colon);
    if (colon == std::string::npos || dash == std::string::npos) continue;
    const auto day = ToInt(std::string_view(entry).substr(0, colon));
    if (day < 0 || day > 6) continue;
    calendar.weekly[day].push_back(
        {static_cast<int>(ToInt(std::string_view(entry).substr(colon + 1, dash - colon - 1))),
         static_cast<int>(ToInt(std::string_view(entry).substr(dash + 1)))});
  }
}

SlaPolicy ReadPolicy(const Statement& s) {
  SlaPolicy p;
  p.shop_id = s.Int(0);
  p.channel_id = s.Int(1);
  p.first_response = s.Int(2);
  p.next_response = s.Int(3);
  p.counting = ParseSlaCounting(s.Text(4)).value_or(SlaCounting::kCalendar);
  p.warn_before = DecodeDurations(s.Text(5));
  p.customized = true;
  return p;
}

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

class SqlSlaRepo final : public SlaRepo {
 public:
  explicit SqlSlaRepo(Connection& c) : c_(c) {}

  Result<std::optional<SlaPolicy>> FindPolicy(ShopId shop, ChannelId channel) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT shop_id, channel_id, first_response_ms, next_response_ms, counting, "
                     "warn_before_ms FROM sla_policies WHERE shop_id = ?1 AND channel_id = ?2");
    s.Bind(1, shop).Bind(2, channel);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return std::optional<SlaPolicy>();
    return std::optional<SlaPolicy>(ReadPolicy(s));
  }

  Result<std::vector<SlaPolicy>> ListPolicies(ShopId shop) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT shop_id, channel_id, first_response_ms, next_response_ms, counting, "
                     "warn_before_ms FROM sla_policies WHERE shop_id = ?1 ORDER BY channel_id");
    s.Bind(1, shop);
    return CollectRows(s, ReadPolicy);
  }

  Status SavePolicy(const SlaPolicy& p, Timestamp now) override {
    SHOPDESK_PREPARE(
        s, c_,
        "INSERT INTO sla_policies (shop_id, channel_id, first_response_ms, next_response_ms, "
        "counting, warn_before_ms, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT (shop_id, channel_id) DO UPDATE SET first_response_ms = "
        "excluded.first_response_ms, next_response_ms = excluded.next_response_ms, counting = "
        "excluded.counting, warn_before_ms = excluded.warn_before_ms, updated_at = "
        "excluded.updated_at");
    return s.Bind(1, p.shop_id)
        .Bind(2, p.channel_id)
        .Bind(3, p.first_response)
        .Bind(4, p.next_response)
        .Bind(5, SlaCountingName(p.counting))
        .Bind(6, EncodeDurations(p.warn_before))
        .Bind(7, now)
        .Run();
  }

  Result<std::optional<BusinessCalendar>> FindCalendar(ShopId shop) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT weekly, closed_on_national_holidays, closed_days FROM "
                     "business_calendars WHERE shop_id = ?1");
    s.Bind(1, shop);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return std::optional<BusinessCalendar>();
    BusinessCalendar calendar;
    calendar.time_zone.clear();
    DecodeWeekly(s.Text(0), calendar);
    calendar.closed_on_national_holidays = s.Bool(1);
    for (const auto& day : SplitNonEmpty(s.Text(2), ' ')) {
      if (auto date = ParseCivilDate(day)) calendar.closed_days.push_back(*date);
    }
    return std::optional<BusinessCalendar>(std::move(calendar));
  }

  Status SaveCalendar(ShopId shop, const BusinessCalendar& calendar, Timestamp now) override {
    std::string closed;
    for (const auto& day : calendar.closed_days) {
      closed += (closed.empty() ? "" : " ") + FormatCivilDate(day);
    }
    SHOPDESK_PREPARE(
        s, c_,
        "INSERT INTO business_calendars (shop_id, weekly, closed_on_national_holidays, "
        "closed_days, updated_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (shop_id) DO UPDATE "
        "SET weekly = excluded.weekly, closed_on_national_holidays = "
        "excluded.closed_on_national_holidays, closed_days = excluded.closed_days, updated_at = "
        "excluded.updated_at");
    return s.Bind(1, shop)
        .Bind(2, EncodeWeekly(calendar))
        .Bind(3, calendar.closed_on_national_holidays)
        .Bind(4, closed)
        .Bind(5, now)
        .Run();
  }

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

  Result<std::optional<AwaySettings>> FindAway(ShopId shop) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT enabled, outside_business_hours, away_from, away_until, message, "
                     "period_ms FROM away_settings WHERE shop_id = ?1");
    s.Bind(1, shop);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return std::optional<AwaySettings>();
    AwaySettings a;
    a.shop_id = shop;
    a.enabled = s.Bool(0);
    a.outside_business_hours = s.Bool(1);
    a.from = s.OptionalInt(2);
    a.until = s.OptionalInt(3);
    a.message = s.Text(4);
    a.period = s.Int(5);
    return std::optional<AwaySettings>(std::move(a));
  }

  Status SaveAway(const AwaySettings& a, Timestamp now) override {
    SHOPDESK_PREPARE(
        s, c_,
        "INSERT INTO away_settings (shop_id, enabled, outside_business_hours, away_from, "
        "away_until, message, period_ms, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON "
        "CONFLICT (shop_id) DO UPDATE SET enabled = excluded.enabled, outside_business_hours = "
        "excluded.outside_business_hours, away_from = excluded.away_from, away_until = "
        "excluded.away_until, message = excluded.message, period_ms = excluded.period_ms, "
        "updated_at = excluded.updated_at");
    return s.Bind(1, a.shop_id)
        .Bind(2, a.enabled)
        .Bind(3, a.outside_business_hours)
        .Bind(4, a.from)
        .Bind(5, a.until)
        .Bind(6, a.message)
        .Bind(7, a.period)
        .Bind(8, now)
        .Run();
  }

  Result<std::optional<Timestamp>> LastAutoReply(ShopId shop, CustomerId customer) override {
    SHOPDESK_PREPARE(
        s, c_, "SELECT MAX(sent_at) FROM auto_replies WHERE shop_id = ?1 AND customer_id = ?2");
    s.Bind(1, shop).Bind(2, customer);
    auto row = s.Step();
    if (!row) return row.error();
    return *row ? s.OptionalInt(0) : std::optional<Timestamp>();
  }

  Status RecordAutoReply(ShopId shop, CustomerId customer, MessageId message,
                         Timestamp sent_at) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO auto_replies (shop_id, customer_id, message_id, sent_at) VALUES "
                     "(?1, ?2, ?3, ?4)");
    return s.Bind(1, shop).Bind(2, customer).Bind(3, message).Bind(4, sent_at).Run();
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

std::vector<std::string> SplitNonEmpty(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, separator)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

std::string PaddedInList(size_t n, size_t* slots) {
  *slots = 1;
  while (*slots < n) *slots *= 2;
  std::string list;
  for (size_t i = 0; i < *slots; ++i) list += i ? ",?" : "?";
  return list;
}

std::string JoinParts(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::unique_ptr<SlaRepo> MakeSlaRepo(Connection& c) { return std::make_unique<SqlSlaRepo>(c); }

}  // namespace shopdesk::store::sql
