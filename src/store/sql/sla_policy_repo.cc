// Response targets, for every SQL backend.
#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

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

class SqlSlaPolicyRepo final : public SlaPolicyRepo {
 public:
  explicit SqlSlaPolicyRepo(Connection& c) : c_(c) {}

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

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<SlaPolicyRepo> MakeSlaPolicyRepo(Connection& c) {
  return std::make_unique<SqlSlaPolicyRepo>(c);
}

}  // namespace shopdesk::store::sql
