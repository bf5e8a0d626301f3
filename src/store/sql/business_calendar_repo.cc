// Business hours, for every SQL backend.
#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

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

class SqlBusinessCalendarRepo final : public BusinessCalendarRepo {
 public:
  explicit SqlBusinessCalendarRepo(Connection& c) : c_(c) {}

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

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<BusinessCalendarRepo> MakeBusinessCalendarRepo(Connection& c) {
  return std::make_unique<SqlBusinessCalendarRepo>(c);
}

}  // namespace shopdesk::store::sql
