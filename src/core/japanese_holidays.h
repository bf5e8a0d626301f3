#pragma once

// Japanese national holidays (国民の祝日に関する法律), computed by rule: fixed days,
// Happy Monday days, the vernal and autumnal equinoxes, substitute holidays (振替休日)
// and citizens' holidays (国民の休日, a day between two holidays), plus the one-off
// days of 2019 (the imperial succession) and the Olympic moves of 2020 and 2021.
// Valid for 2000-2099: the equinox formula is the approximation the National
// Astronomical Observatory's published dates follow in that range.

#include <string>
#include <vector>

#include "core/civil_date.h"
#include "core/result.h"

namespace shopdesk {

enum class HolidayKind { kNational, kSubstitute, kCitizens };

struct Holiday {
  CivilDate date;
  std::string name;  // e.g. "春分の日", "こどもの日 振替休日", "休日"
  HolidayKind kind = HolidayKind::kNational;
};

// The year's holidays in date order. InvalidArgument outside 2000-2099.
Result<std::vector<Holiday>> JapaneseHolidays(int year);

}  // namespace shopdesk
