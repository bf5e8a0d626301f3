#include "core/business_calendar.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

constexpr Timestamp kHour = kMillisPerHour;

Timestamp At(const char* iso) { return *ParseIso8601(iso); }

// 平日 10:00-18:00, 土曜 10:00-12:00, closed Sundays and national holidays.
BusinessCalendar Sakura() {
  BusinessCalendar c;
  for (int day = 1; day <= 5; ++day) c.weekly[day] = {{10 * 60, 18 * 60}};
  c.weekly[6] = {{10 * 60, 12 * 60}};
  return c;
}

TEST(BusinessCalendarTest, SkipsNightsWeekendsAndHolidays) {
  const BusinessCalendar c = Sakura();
  ASSERT_TRUE(ValidateCalendar(c));
  // Friday 2026-11-20 17:00 JST + 3 h: Friday 17-18, Saturday 10-12 → Saturday 12:00.
  EXPECT_EQ(*AddBusinessTime(c, At("2026-11-20T17:00:00+09:00"), 3 * kHour),
            At("2026-11-21T12:00:00+09:00"));
  // + 4 h: Sunday is closed, Monday 11/23 is 勤労感謝の日 → Tuesday 11:00.
  EXPECT_EQ(*AddBusinessTime(c, At("2026-11-20T17:00:00+09:00"), 4 * kHour),
            At("2026-11-24T11:00:00+09:00"));
  // A start at night counts from the next opening; a start inside hours from itself.
  EXPECT_EQ(*AddBusinessTime(c, At("2026-11-24T02:00:00+09:00"), kHour / 2),
            At("2026-11-24T10:30:00+09:00"));
  EXPECT_EQ(*AddBusinessTime(c, At("2026-11-24T10:30:00+09:00"), kHour / 2),
            At("2026-11-24T11:00:00+09:00"));
  // 24 business hours from Friday 17:00: 1 + 2 + 8 (Tue) + 8 (Wed) + 5 → Thursday 15:00.
  EXPECT_EQ(*AddBusinessTime(c, At("2026-11-20T17:00:00+09:00"), 24 * kHour),
            At("2026-11-26T15:00:00+09:00"));
  EXPECT_EQ(
      BusinessTimeBetween(c, At("2026-11-20T17:00:00+09:00"), At("2026-11-26T15:00:00+09:00")),
      24 * kHour);
  EXPECT_EQ(
      BusinessTimeBetween(c, At("2026-11-22T00:00:00+09:00"), At("2026-11-24T00:00:00+09:00")), 0);
}

TEST(BusinessCalendarTest, TheShopsOwnClosedDays) {
  BusinessCalendar c = Sakura();
  // 年末年始: 12/29 - 1/3 closed (1/1 is a holiday anyway).
  for (int day = 29; day <= 31; ++day) c.closed_days.push_back({2026, 12, day});
  for (int day = 1; day <= 3; ++day) c.closed_days.push_back({2027, 1, day});
  EXPECT_TRUE(IsClosedDay(c, {2026, 12, 30}));
  EXPECT_FALSE(IsClosedDay(c, {2026, 12, 28}));
  // Monday 12/28 17:00 + 2 h: 1 h on 12/28, then closed until Monday 1/4 → 11:00.
  EXPECT_EQ(*AddBusinessTime(c, At("2026-12-28T17:00:00+09:00"), 2 * kHour),
            At("2027-01-04T11:00:00+09:00"));
}

TEST(BusinessCalendarTest, DaylightSavingTimeInAnotherZone) {
  BusinessCalendar c;
  c.time_zone = "America/New_York";
  c.closed_on_national_holidays = false;
  for (int day = 1; day <= 5; ++day) c.weekly[day] = {{9 * 60, 17 * 60}};
  ASSERT_TRUE(ValidateCalendar(c));
  // Clocks go forward on Sunday 2026-03-08: Friday 16:00 EST + 2 h = Monday 10:00 EDT.
  EXPECT_EQ(*AddBusinessTime(c, At("2026-03-06T16:00:00-05:00"), 2 * kHour),
            At("2026-03-09T10:00:00-04:00"));
}

TEST(BusinessCalendarTest, BadCalendarsSayWhatIsWrong) {
  BusinessCalendar c = Sakura();
  c.time_zone = "Asia/Tokio";
  EXPECT_NE(ValidateCalendar(c).error().message.find("Asia/Tokio"), std::string::npos);
  c = Sakura();
  c.weekly[1] = {{9 * 60, 12 * 60}, {11 * 60, 13 * 60}};
  auto overlap = ValidateCalendar(c);
  ASSERT_FALSE(overlap);
  EXPECT_NE(overlap.error().message.find("Monday 09:00-12:00 overlaps 11:00-13:00"),
            std::string::npos)
      << overlap.error().message;
  c.weekly[1] = {{18 * 60, 10 * 60}};
  EXPECT_FALSE(ValidateCalendar(c));
  c = BusinessCalendar{};
  EXPECT_FALSE(ValidateCalendar(c));
  // Closed every day: an error, not a loop.
  c = Sakura();
  for (auto& day : c.weekly) day.clear();
  c.weekly[0] = {{0, 60}};
  for (CivilDate d{2026, 1, 1}; d.year < 2037; d = AddDays(d, 1)) {
    if (WeekdayOf(d) == Weekday::kSunday) c.closed_days.push_back(d);
  }
  EXPECT_FALSE(AddBusinessTime(c, At("2026-01-01T00:00:00Z"), kHour));
}

TEST(BusinessCalendarTest, JapaneseDeadlines) {
  EXPECT_EQ(FormatJapaneseDeadline(At("2026-11-24T01:00:00Z"), "Asia/Tokyo"), "11月24日(火) 10時");
  EXPECT_EQ(FormatJapaneseDeadline(At("2026-11-24T01:30:00Z"), "Asia/Tokyo"),
            "11月24日(火) 10時30分");
  auto local = ToLocal(At("2026-11-23T15:30:00Z"), "Asia/Tokyo");
  EXPECT_EQ(local.date, (CivilDate{2026, 11, 24}));
  EXPECT_EQ(local.minute, 30);
}

TEST(BusinessCalendarTest, OpeningIntervalText) {
  auto parsed = ParseOpeningInterval("09:30-24:00");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->open_minute, 9 * 60 + 30);
  EXPECT_EQ(parsed->close_minute, 24 * 60);
  EXPECT_EQ(FormatOpeningInterval(*parsed), "09:30-24:00");
  for (const char* bad : {"9:00-18:00", "09:00~18:00", "09:60-18:00", "24:30-24:40", "09:00-18:0",
                          "ab:cd-ef:gh", ""}) {
    EXPECT_FALSE(ParseOpeningInterval(bad)) << bad;
  }
}

}  // namespace
}  // namespace shopdesk
