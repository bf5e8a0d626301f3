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

std::optional<OpeningInterval> ParseOpeningInterval(std::string_view text) {
  // HH:MM-HH:MM, 11 characters.
  auto minute_at = [&](std::size_t at) -> std::optional<int> {
    const std::string_view part = text.substr(at, 5);
    for (std::size_t i : {0u, 1u, 3u, 4u}) {
      if (part[i] < '0' || part[i] > '9') return std::nullopt;
    }
    if (part[2] != ':') return std::nullopt;
    const int hours = (part[0] - '0') * 10 + (part[1] - '0');
    const int minutes = (part[3] - '0') * 10 + (part[4] - '0');
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) return std::nullopt;
    return hours * 60 + minutes;
  };
  if (text.size() != 11 || text[5] != '-') return std::nullopt;
  const auto open = minute_at(0);
  const auto close = minute_at(6);
  if (!open || !close) return std::nullopt;
  return OpeningInterval{*open, *close};
}

std::string FormatOpeningInterval(const OpeningInterval& interval) {
  return Clock(interval.open_minute) + "-" + Clock(interval.close_minute);
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
        return Error::InvalidArgument(std::string(kDayNames[day]) + " " + FormatOpeningInterval(i) +
                                      " is not an opening between 00:00 and 24:00");
      }
    }
    for (size_t k = 1; k < intervals.size(); ++k) {
      if (intervals[k].open_minute < intervals[k - 1].close_minute) {
        return Error::InvalidArgument(std::string(kDayNames[day]) + " " +
                                      FormatOpeningInterval(intervals[k - 1]) + " overlaps " +
                                      FormatOpeningInterval(intervals[k]));
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
