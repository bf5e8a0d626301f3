#pragma once

// A shop's business hours: weekly opening intervals in the shop's time zone, closed on
// Japan's national holidays (core/japanese_holidays.h) and on the shop's own closed days
// (年末年始, 夏季休業). The SLA clock counts response targets in this time when a policy
// says so; Amazon's targets count calendar time and need none of this.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/civil_date.h"
#include "core/result.h"
#include "core/time.h"

namespace shopdesk {

// One opening on a weekday, in minutes after local midnight: [open, close).
struct OpeningInterval {
  int open_minute = 0;
  int close_minute = 0;
};

// "09:00-18:00" (a close of "24:00" is midnight); nullopt unless exactly HH:MM-HH:MM
// with hours 00-24 and minutes 00-59. Whether open < close is ValidateCalendar's job.
std::optional<OpeningInterval> ParseOpeningInterval(std::string_view text);
std::string FormatOpeningInterval(const OpeningInterval& interval);

struct BusinessCalendar {
  std::string time_zone = "Asia/Tokyo";
  std::array<std::vector<OpeningInterval>, 7> weekly;  // index: Weekday (Sunday = 0)
  bool closed_on_national_holidays = true;
  std::vector<CivilDate> closed_days;
};

// InvalidArgument naming the day and times: an unknown time zone, an interval outside
// 00:00-24:00 or empty, intervals that overlap, or no opening hours at all.
Status ValidateCalendar(const BusinessCalendar& calendar);

// Whether the shop is closed all day on the local date `date`.
bool IsClosedDay(const BusinessCalendar& calendar, CivilDate date);

// The instant at which `duration` ms of business time have passed since `start`
// (time outside the opening hours does not count; a start outside them counts from the
// next opening). REQUIRES: ValidateCalendar(calendar). Unavailable when no opening
// lies within ten years (every day closed).
Result<Timestamp> AddBusinessTime(const BusinessCalendar& calendar, Timestamp start,
                                  Timestamp duration);

// Business time in [from, to); 0 when to <= from. REQUIRES: ValidateCalendar(calendar).
Timestamp BusinessTimeBetween(const BusinessCalendar& calendar, Timestamp from, Timestamp to);

// The local date and minute of `t` in `time_zone` (an IANA name ICU knows).
struct LocalTime {
  CivilDate date;
  int minute = 0;  // after midnight
};
LocalTime ToLocal(Timestamp t, const std::string& time_zone);
// The instant of local `date` + `minute` in `time_zone`; in a DST gap, the instant the
// clock reads it after the change.
Timestamp FromLocal(CivilDate date, int minute, const std::string& time_zone);

// "11月24日(火) 10時" or "11月24日(火) 10時30分": the time a shop promises a reply by,
// as a Japanese shop writes it, in `time_zone`.
std::string FormatJapaneseDeadline(Timestamp t, const std::string& time_zone);

}  // namespace shopdesk
