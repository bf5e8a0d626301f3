// Away mode settings, for every SQL backend.
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

class SqlAwayRepo final : public AwayRepo {
 public:
  explicit SqlAwayRepo(Connection& c) : c_(c) {}

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

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<AwayRepo> MakeAwayRepo(Connection& c) { return std::make_unique<SqlAwayRepo>(c); }

}  // namespace shopdesk::store::sql
