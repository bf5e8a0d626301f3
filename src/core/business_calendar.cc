#include "core/business_calendar.h"

#include <unicode/timezone.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>

#include "core/japanese_holidays.h"
#include "core/time_zone.h"

namespace shopdesk {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr int kMaxDays = 3660;  // ten years of looking for an opening

const char* const kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                 "Thursday", "Friday", "Saturday"};

std::string Clock(int minute) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02d:%02d", minute / 60, minute % 60);
  return buffer;
}

// ICU zones are costly to create and not documented as thread-safe to share: one per
// thread and name.
const icu::TimeZone& Zone(const std::string& name) {
  thread_local std::map<std::string, std::unique_ptr<icu::TimeZone>> zones;
  auto& zone = zones[name];
  if (!zone) {
    zone.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(name)));
  }
  return *zone;
}

// The zone's offset from UTC at UTC instant `t`, in ms.
Timestamp OffsetAt(const std::string& time_zone, Timestamp t) {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  Zone(time_zone).getOffset(static_cast<UDate>(t), false, raw, dst, status);
  return U_FAILURE(status) ? 0 : static_cast<Timestamp>(raw) + dst;
}

// The week's openings, each day's in time order.
std::array<std::vector<OpeningInterval>, 7> SortedWeek(const BusinessCalendar& calendar) {
  auto week = calendar.weekly;
  for (auto& day : week) {
    std::sort(day.begin(), day.end(),
              [](const auto& a, const auto& b) { return a.open_minute < b.open_minute; });
  }
  return week;
}

}  // namespace

LocalTime ToLocal(Timestamp t, const std::string& time_zone) {
  const Timestamp local = t + OffsetAt(time_zone, t);
  std::int64_t days = local / kMillisPerDay;
  Timestamp rest = local % kMillisPerDay;
  if (rest < 0) {
    rest += kMillisPerDay;
    --days;
  }
  return LocalTime{CivilFromDays(days), static_cast<int>(rest / (60 * kMillisPerSecond))};
}

Timestamp FromLocal(CivilDate date, int minute, const std::string& time_zone) {
  const Timestamp local = DaysFromCivil(date) * kMillisPerDay + minute * 60 * kMillisPerSecond;
  // Two steps find the offset in force at the result, except inside a DST gap, where
  // the second step lands after the change, as a wall clock does.
  Timestamp utc = local - OffsetAt(time_zone, local);
  utc = local - OffsetAt(time_zone, utc);
  return utc;
}

Status ValidateCalendar(const BusinessCalendar& calendar) {
  if (!IsKnownTimeZone(calendar.time_zone)) {
    return Error::InvalidArgument("time zone '" + calendar.time_zone +
                                  "' is unknown: use an IANA name such as Asia/Tokyo");
  }
  bool any = false;
  const auto week = SortedWeek(calendar);
  for (int day = 0; day < 7; ++day) {
    const auto& intervals = week[day];
    for (const auto& i : intervals) {
      if (i.open_minute < 0 || i.close_minute > kMinutesPerDay || i.open_minute >= i.close_minute) {
        return Error::InvalidArgument(std::string(kDayNames[day]) + " " + Clock(i.open_minute) +
                                      "-" + Clock(i.close_minute) +
                                      " is not an opening between 00:00 and 24:00");
      }
    }
    for (size_t k = 1; k < intervals.size(); ++k) {
      if (intervals[k].open_minute < intervals[k - 1].close_minute) {
        return Error::InvalidArgument(
            std::string(kDayNames[day]) + " " + Clock(intervals[k - 1].open_minute) + "-" +
            Clock(intervals[k - 1].close_minute) + " overlaps " + Clock(intervals[k].open_minute) +
            "-" + Clock(intervals[k].close_minute));
      }
    }
    any = any || !intervals.empty();
  }
  if (!any) return Error::InvalidArgument("business hours need at least one opening");
  return Ok();
}

bool IsClosedDay(const BusinessCalendar& calendar, CivilDate date) {
  if (std::find(calendar.closed_days.begin(), calendar.closed_days.end(), date) !=
      calendar.closed_days.end()) {
    return true;
  }
  if (!calendar.closed_on_national_holidays) return false;
  thread_local std::map<int, std::vector<CivilDate>> by_year;
  auto found = by_year.find(date.year);
  if (found == by_year.end()) {
    std::vector<CivilDate> dates;
    if (auto holidays = JapaneseHolidays(date.year)) {
      for (const auto& h : *holidays) dates.push_back(h.date);
    }
    found = by_year.emplace(date.year, std::move(dates)).first;
  }
  return std::binary_search(found->second.begin(), found->second.end(), date);
}

namespace {

// Calls `visit(open, close)` with each opening, as UTC instants, in time order, from
// the local day of `from` on, for at most kMaxDays days; stops when visit returns false.
template <typename Visit>
void ForEachOpening(const BusinessCalendar& calendar, Timestamp from, Visit visit) {
  const auto week = SortedWeek(calendar);
  CivilDate day = ToLocal(from, calendar.time_zone).date;
  for (int n = 0; n < kMaxDays; ++n, day = AddDays(day, 1)) {
    if (IsClosedDay(calendar, day)) continue;
    for (const auto& i : week[static_cast<int>(WeekdayOf(day))]) {
      const Timestamp open = FromLocal(day, i.open_minute, calendar.time_zone);
      const Timestamp close = FromLocal(day, i.close_minute, calendar.time_zone);
      if (close <= from || close <= open) continue;
      if (!visit(std::max(open, from), close)) return;
    }
  }
}

}  // namespace

Result<Timestamp> AddBusinessTime(const BusinessCalendar& calendar, Timestamp start,
                                  Timestamp duration) {
  Timestamp remaining = std::max<Timestamp>(duration, 0);
  std::optional<Timestamp> due;
  ForEachOpening(calendar, start, [&](Timestamp open, Timestamp close) {
    if (close - open >= remaining) {
      due = open + remaining;
      return false;
    }
    remaining -= close - open;
    return true;
  });
  if (!due) {
    return Error::Unavailable("no business hours within ten years of " + FormatIso8601(start) +
                              ": check the closed days");
  }
  return *due;
}

Timestamp BusinessTimeBetween(const BusinessCalendar& calendar, Timestamp from, Timestamp to) {
  Timestamp total = 0;
  if (to <= from) return 0;
  ForEachOpening(calendar, from, [&](Timestamp open, Timestamp close) {
    if (open >= to) return false;
    total += std::min(close, to) - open;
    return true;
  });
  return total;
}

std::string FormatJapaneseDeadline(Timestamp t, const std::string& time_zone) {
  static const char* const kDays[] = {"日", "月", "火", "水", "木", "金", "土"};
  const LocalTime local = ToLocal(t, time_zone);
  char buffer[64];
  const int hour = local.minute / 60, minute = local.minute % 60;
  if (minute == 0) {
    std::snprintf(buffer, sizeof buffer, "%d月%d日(%s) %d時", local.date.month, local.date.day,
                  kDays[static_cast<int>(WeekdayOf(local.date))], hour);
  } else {
    std::snprintf(buffer, sizeof buffer, "%d月%d日(%s) %d時%d分", local.date.month, local.date.day,
                  kDays[static_cast<int>(WeekdayOf(local.date))], hour, minute);
  }
  return buffer;
}

}  // namespace shopdesk
