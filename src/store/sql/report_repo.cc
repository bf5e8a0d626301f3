// Report aggregates, for every SQL backend: each query reads one index range by time.
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr Timestamp kBucket = 15 * 60 * kMillisPerSecond;

constexpr const char* kClockColumns =
    "channel_id, conversation_id, message_id, fulfilled_by, state, started_at, due_at, "
    "breached_at, ended_at";

ClockRow ReadClockRow(const Statement& s) {
  ClockRow r;
  r.channel_id = s.Int(0);
  r.conversation_id = s.Int(1);
  r.message_id = s.Int(2);
  r.fulfilled_by = s.OptionalInt(3);
  r.state = ParseSlaClockState(s.Text(4)).value_or(SlaClockState::kRunning);
  r.started_at = s.Int(5);
  r.due_at = s.Int(6);
  r.breached_at = s.OptionalInt(7);
  r.ended_at = s.OptionalInt(8);
  return r;
}

class SqlReportRepo final : public ReportRepo {
 public:
  explicit SqlReportRepo(Connection& c) : c_(c) {}

  Result<std::vector<VolumeBucket>> Volume(ShopId shop, Timestamp from, Timestamp to) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT created_at / ?4, channel_id, COUNT(*) FROM conversations WHERE "
                     "shop_id = ?1 AND created_at >= ?2 AND created_at < ?3 GROUP BY 1, 2 ORDER BY "
                     "1, 2");
    s.Bind(1, shop).Bind(2, from).Bind(3, to).Bind(4, kBucket);
    return CollectRows(s, [](const Statement& r) {
      return VolumeBucket{r.Int(0) * kBucket, r.Int(1), r.Int(2)};
    });
  }

  Result<std::vector<VolumeBucket>> VolumeTotals(ShopId shop, Timestamp from,
                                                 Timestamp to) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT created_at / ?4, COUNT(*) FROM conversations WHERE shop_id = ?1 AND "
                     "created_at >= ?2 AND created_at < ?3 GROUP BY 1 ORDER BY 1");
    s.Bind(1, shop).Bind(2, from).Bind(3, to).Bind(4, kBucket);
    return CollectRows(s, [](const Statement& r) {
      return VolumeBucket{r.Int(0) * kBucket, 0, r.Int(1)};
    });
  }

  Result<std::vector<TagCount>> VolumeByTag(ShopId shop, Timestamp from, Timestamp to) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT t.tag, COUNT(*) FROM conversations c JOIN conversation_tags t ON "
                     "t.shop_id = c.shop_id AND t.conversation_id = c.id WHERE c.shop_id = ?1 AND "
                     "c.created_at >= ?2 AND c.created_at < ?3 GROUP BY t.tag ORDER BY 2 DESC, 1 "
                     "LIMIT 100");
    s.Bind(1, shop).Bind(2, from).Bind(3, to);
    return CollectRows(s, [](const Statement& r) { return TagCount{r.Text(0), r.Int(1)}; });
  }

  Result<std::vector<ClockRow>> FirstResponses(ShopId shop, Timestamp from, Timestamp to) override {
    // Only what the report uses, all from the covering index.
    SHOPDESK_PREPARE(s, c_,
                     "SELECT channel_id, fulfilled_by, CASE WHEN state = 'fulfilled' THEN 1 ELSE "
                     "0 END, started_at, breached_at, ended_at FROM sla_clocks WHERE shop_id = ?1 "
                     "AND target = 'first_response' AND started_at >= ?2 AND started_at < ?3 AND "
                     "state <> 'stopped'");
    s.Bind(1, shop).Bind(2, from).Bind(3, to);
    return CollectRows(s, [](const Statement& r) {
      ClockRow row;
      row.channel_id = r.Int(0);
      row.fulfilled_by = r.OptionalInt(1);
      row.state = r.Int(2) ? SlaClockState::kFulfilled : SlaClockState::kRunning;
      row.started_at = r.Int(3);
      row.breached_at = r.OptionalInt(4);
      row.ended_at = r.OptionalInt(5);
      return row;
    });
  }

  Result<std::vector<ClockRow>> LateResponses(ShopId shop, Timestamp from, Timestamp to,
                                              int limit) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kClockColumns +
                         " FROM sla_clocks WHERE shop_id = ?1 AND breached_at IS NOT NULL AND "
                         "breached_at >= ?2 AND breached_at < ?3 ORDER BY breached_at DESC, id "
                         "DESC LIMIT ?4");
    s.Bind(1, shop).Bind(2, from).Bind(3, to).Bind(4, limit);
    return CollectRows(s, ReadClockRow);
  }

  Result<std::vector<std::pair<ChannelId, std::int64_t>>> LateResponseCounts(
      ShopId shop, Timestamp from, Timestamp to) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT channel_id, COUNT(*) FROM sla_clocks WHERE shop_id = ?1 AND "
                     "breached_at IS NOT NULL AND breached_at >= ?2 AND breached_at < ?3 GROUP "
                     "BY 1 ORDER BY 1");
    s.Bind(1, shop).Bind(2, from).Bind(3, to);
    return CollectRows(s, [](const Statement& r) {
      return std::pair<ChannelId, std::int64_t>(r.Int(0), r.Int(1));
    });
  }

  Result<std::pair<std::int64_t, std::vector<ClockRow>>> Unanswered(ShopId shop, Timestamp before,
                                                                    int limit) override {
    std::int64_t total = 0;
    {
      SHOPDESK_PREPARE(s, c_,
                       "SELECT COUNT(DISTINCT conversation_id) FROM sla_clocks WHERE shop_id = ?1 "
                       "AND ended_at IS NULL AND state = 'running' AND started_at < ?2");
      s.Bind(1, shop).Bind(2, before);
      auto row = s.Step();
      if (!row) return row.error();
      total = *row ? s.Int(0) : 0;
    }
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kClockColumns +
                         " FROM sla_clocks k WHERE k.shop_id = ?1 AND k.ended_at IS NULL AND "
                         "k.state = 'running' AND k.started_at < ?2 AND NOT EXISTS (SELECT 1 FROM "
                         "sla_clocks o WHERE o.shop_id = k.shop_id AND o.conversation_id = "
                         "k.conversation_id AND o.ended_at IS NULL AND o.state = 'running' AND "
                         "(o.started_at < k.started_at OR (o.started_at "
                         "= k.started_at AND o.id < k.id))) ORDER BY k.started_at, k.id LIMIT ?3");
    s.Bind(1, shop).Bind(2, before).Bind(3, limit);
    auto rows = CollectRows(s, ReadClockRow);
    if (!rows) return rows.error();
    return std::pair{total, std::move(*rows)};
  }

  Result<std::vector<ResolutionRow>> Resolutions(ShopId shop, Timestamp from,
                                                 Timestamp to) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT channel_id, created_at, resolved_at FROM conversations WHERE shop_id "
                     "= ?1 AND resolved_at IS NOT NULL AND resolved_at >= ?2 AND resolved_at < "
                     "?3");
    s.Bind(1, shop).Bind(2, from).Bind(3, to);
    return CollectRows(s, [](const Statement& r) {
      return ResolutionRow{r.Int(0), r.Int(1), r.Int(2)};
    });
  }

  Result<std::vector<BacklogCount>> Backlog(ShopId shop, Timestamp now,
                                            const std::vector<Timestamp>& age_limits) override {
    std::string bucket = "CASE";
    for (std::size_t i = 0; i < age_limits.size(); ++i) {
      bucket += " WHEN created_at >= CAST(?" + std::to_string(i + 2) + " AS BIGINT) THEN " +
                std::to_string(i);
    }
    bucket += " ELSE " + std::to_string(age_limits.size()) + " END";
    SHOPDESK_PREPARE(s, c_,
                     "SELECT status, " + bucket +
                         ", COUNT(*) FROM conversations WHERE shop_id = ?1 AND status IN "
                         "('open', 'pending', 'on_hold') GROUP BY 1, 2");
    s.Bind(1, shop);
    for (std::size_t i = 0; i < age_limits.size(); ++i) {
      s.Bind(static_cast<int>(i) + 2, now - age_limits[i]);
    }
    return CollectRows(s, [](const Statement& r) {
      return BacklogCount{ParseStatus(r.Text(0)).value_or(ConversationStatus::kOpen),
                          static_cast<int>(r.Int(1)), r.Int(2)};
    });
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<ReportRepo> MakeReportRepo(Connection& c) {
  return std::make_unique<SqlReportRepo>(c);
}

}  // namespace shopdesk::store::sql
