#include "core/japanese_holidays.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

namespace shopdesk {
namespace {

// ../shared/data/holidays-jp/holidays.yml (holiday-jp, written by others): one
// "YYYY-MM-DD: name" per line.
std::map<CivilDate, std::string> Reference(int from, int to) {
  std::map<CivilDate, std::string> days;
  std::ifstream in("../shared/data/holidays-jp/holidays.yml");
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() < 13 || line[10] != ':') continue;
    auto date = ParseCivilDate(line.substr(0, 10));
    if (date && date->year >= from && date->year <= to) days[*date] = line.substr(12);
  }
  return days;
}

TEST(CivilDateTest, WeekdaysAndArithmetic) {
  EXPECT_EQ(WeekdayOf({1970, 1, 1}), Weekday::kThursday);
  EXPECT_EQ(WeekdayOf({2026, 11, 23}), Weekday::kMonday);
  EXPECT_EQ(WeekdayOf({1969, 12, 28}), Weekday::kSunday);
  EXPECT_EQ(AddDays({2024, 2, 28}, 1), (CivilDate{2024, 2, 29}));
  EXPECT_EQ(AddDays({2025, 12, 31}, 1), (CivilDate{2026, 1, 1}));
  EXPECT_EQ(NthWeekday(2026, 1, Weekday::kMonday, 2), (CivilDate{2026, 1, 12}));
  EXPECT_EQ(FormatCivilDate({2026, 3, 5}), "2026-03-05");
  EXPECT_EQ(ParseCivilDate("2024-02-29"), (CivilDate{2024, 2, 29}));
  EXPECT_FALSE(ParseCivilDate("2025-02-29"));
  EXPECT_FALSE(ParseCivilDate("2025-13-01"));
  EXPECT_FALSE(ParseCivilDate("2025-1-01"));
}

// Every year 2000-2050 against the reference: the same dates; the same names for the
// holidays the law names; substitute and citizens' days of the same kind (the reference
// names a substitute day now after the Sunday holiday, now after the day before it, and
// the two 2019 one-off days "休日（祝日扱い）"; shopdesk names them after the Sunday
// holiday and by the 2019 law).
TEST(JapaneseHolidaysTest, MatchTheReferenceFrom2000To2050) {
  if (!std::filesystem::exists("../shared/data/holidays-jp/holidays.yml")) {
    GTEST_SKIP() << "../shared/data is not here (a user's clone)";
  }
  const auto reference = Reference(2000, 2050);
  ASSERT_GT(reference.size(), 50u * 15);
  std::map<CivilDate, Holiday> computed;
  for (int year = 2000; year <= 2050; ++year) {
    auto holidays = JapaneseHolidays(year);
    ASSERT_TRUE(holidays) << holidays.error().ToString();
    for (const auto& h : *holidays) computed[h.date] = h;
  }
  for (const auto& [date, name] : reference) {
    auto found = computed.find(date);
    ASSERT_NE(found, computed.end()) << FormatCivilDate(date) << " " << name << " is missing";
    const Holiday& h = found->second;
    if (name.ends_with("振替休日")) {
      EXPECT_EQ(h.kind, HolidayKind::kSubstitute) << FormatCivilDate(date);
    } else if (name.starts_with("休日")) {
      EXPECT_TRUE(h.kind == HolidayKind::kCitizens || date.year == 2019) << FormatCivilDate(date);
    } else if (name == "体育の日（スポーツの日）") {
      EXPECT_EQ(h.name, "体育の日");
    } else {
      EXPECT_EQ(h.name, name) << FormatCivilDate(date);
    }
  }
  for (const auto& [date, h] : computed) {
    EXPECT_TRUE(reference.count(date)) << FormatCivilDate(date) << " " << h.name << " is extra";
  }
}

TEST(JapaneseHolidaysTest, KnownCasesAndRange) {
  auto y2026 = JapaneseHolidays(2026);
  ASSERT_TRUE(y2026);
  std::map<std::string, std::string> by_date;
  for (const auto& h : *y2026) by_date[FormatCivilDate(h.date)] = h.name;
  EXPECT_EQ(by_date["2026-03-20"], "春分の日");
  EXPECT_EQ(by_date["2026-05-06"], "憲法記念日 振替休日");  // 5/3 is a Sunday; 5/4, 5/5 are taken
  EXPECT_EQ(by_date["2026-09-22"], "休日");                 // between 敬老の日 and 秋分の日
  EXPECT_EQ(by_date["2026-11-23"], "勤労感謝の日");
  EXPECT_FALSE(JapaneseHolidays(1999));
  EXPECT_FALSE(JapaneseHolidays(2100));
  EXPECT_TRUE(JapaneseHolidays(2099));
}

}  // namespace
}  // namespace shopdesk
