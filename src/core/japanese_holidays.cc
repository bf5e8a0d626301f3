#include "core/japanese_holidays.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace shopdesk {
namespace {

// The equinox day of March (vernal) or September (autumnal) for 1980-2099.
int EquinoxDay(int year, double base) {
  const int since = year - 1980;
  return static_cast<int>(std::floor(base + 0.242194 * since - std::floor(since / 4.0)));
}

// The holidays the law names, before substitute and citizens' days.
std::map<CivilDate, std::string> NamedDays(int year) {
  std::map<CivilDate, std::string> days;
  auto add = [&](int month, int day, const char* name) { days[{year, month, day}] = name; };
  auto monday = [&](int month, int n, const char* name) {
    days[NthWeekday(year, month, Weekday::kMonday, n)] = name;
  };
  add(1, 1, "元日");
  monday(1, 2, "成人の日");
  add(2, 11, "建国記念の日");
  if (year >= 2020) add(2, 23, "天皇誕生日");
  add(3, EquinoxDay(year, 20.8431), "春分の日");
  add(4, 29, year >= 2007 ? "昭和の日" : "みどりの日");
  add(5, 3, "憲法記念日");
  if (year >= 2007) add(5, 4, "みどりの日");
  add(5, 5, "こどもの日");
  if (year == 2020) {
    add(7, 23, "海の日");
  } else if (year == 2021) {
    add(7, 22, "海の日");
  } else if (year >= 2003) {
    monday(7, 3, "海の日");
  } else {
    add(7, 20, "海の日");
  }
  if (year == 2020) {
    add(8, 10, "山の日");
  } else if (year == 2021) {
    add(8, 8, "山の日");
  } else if (year >= 2016) {
    add(8, 11, "山の日");
  }
  if (year >= 2003) {
    monday(9, 3, "敬老の日");
  } else {
    add(9, 15, "敬老の日");
  }
  add(9, EquinoxDay(year, 23.2488), "秋分の日");
  if (year == 2020) {
    add(7, 24, "スポーツの日");
  } else if (year == 2021) {
    add(7, 23, "スポーツの日");
  } else {
    monday(10, 2, year >= 2020 ? "スポーツの日" : "体育の日");
  }
  add(11, 3, "文化の日");
  add(11, 23, "勤労感謝の日");
  if (year <= 2018) add(12, 23, "天皇誕生日");
  if (year == 2019) {
    // 天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律.
    add(5, 1, "即位の日");
    add(10, 22, "即位礼正殿の儀の行われる日");
  }
  return days;
}

}  // namespace

Result<std::vector<Holiday>> JapaneseHolidays(int year) {
  if (year < 2000 || year > 2099) {
    return Error::InvalidArgument("Japanese holidays are computed for 2000 to 2099, not " +
                                  std::to_string(year));
  }
  const auto named = NamedDays(year);
  std::map<CivilDate, Holiday> all;
  for (const auto& [date, name] : named) all[date] = Holiday{date, name, HolidayKind::kNational};
  // 振替休日: a holiday on a Sunday moves its rest to the next day that is not a holiday
  // (since 2007; before, only to the Monday).
  for (const auto& [date, name] : named) {
    if (WeekdayOf(date) != Weekday::kSunday) continue;
    CivilDate next = AddDays(date, 1);
    if (year >= 2007) {
      while (named.count(next)) next = AddDays(next, 1);
    } else if (named.count(next)) {
      continue;
    }
    all[next] = Holiday{next, name + " 振替休日", HolidayKind::kSubstitute};
  }
  // 国民の休日: a day that is not a holiday (nor a Sunday) between two named holidays.
  for (const auto& [date, name] : named) {
    const CivilDate between = AddDays(date, 1);
    const CivilDate after = AddDays(date, 2);
    if (between.year != year || !named.count(after) || all.count(between)) continue;
    if (WeekdayOf(between) == Weekday::kSunday) continue;
    all[between] = Holiday{between, "休日", HolidayKind::kCitizens};
  }
  std::vector<Holiday> out;
  for (auto& [date, holiday] : all) out.push_back(std::move(holiday));
  return out;
}

}  // namespace shopdesk
