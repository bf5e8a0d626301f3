#pragma once

// Calendar dates without a time or zone (proleptic Gregorian), for business calendars.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shopdesk {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  auto operator<=>(const CivilDate&) const = default;
};

enum class Weekday { kSunday, kMonday, kTuesday, kWednesday, kThursday, kFriday, kSaturday };

// Days since 1970-01-01 (negative before), and back.
std::int64_t DaysFromCivil(CivilDate date);
CivilDate CivilFromDays(std::int64_t days);
Weekday WeekdayOf(CivilDate date);
CivilDate AddDays(CivilDate date, std::int64_t days);
// The n-th (1-based) `weekday` of a month, e.g. the second Monday of January.
CivilDate NthWeekday(int year, int month, Weekday weekday, int n);

// "2026-11-23"; ParseCivilDate accepts exactly that form of a real date.
std::string FormatCivilDate(CivilDate date);
std::optional<CivilDate> ParseCivilDate(std::string_view text);

}  // namespace shopdesk
