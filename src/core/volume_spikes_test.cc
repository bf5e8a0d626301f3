#include "core/volume_spikes.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

constexpr CivilDate kToday{2026, 12, 2};

// `usual` mails on each of the 35 days up to today, Sundays `sunday` instead.
std::map<CivilDate, std::int64_t> Steady(std::int64_t usual, std::int64_t sunday) {
  std::map<CivilDate, std::int64_t> days;
  for (int i = 0; i < 35; ++i) {
    const CivilDate d = AddDays(kToday, -i);
    days[d] = WeekdayOf(d) == Weekday::kSunday ? sunday : usual;
  }
  return days;
}

TEST(VolumeSpikesTest, ASteadyWeekHasNone) {
  const auto report = FindVolumeSpikes(Steady(20, 8), kToday);
  EXPECT_TRUE(report.enough_history);
  EXPECT_EQ(report.history_days, 28);
  EXPECT_DOUBLE_EQ(report.baseline_per_day, 20);
  EXPECT_TRUE(report.spikes.empty());
}

TEST(VolumeSpikesTest, ASaleDayIsOneSpike) {
  auto days = Steady(20, 8);
  days[AddDays(kToday, -2)] = 55;  // 2.75 times the usual day
  days[AddDays(kToday, -1)] = 39;  // busy, but under twice the usual day
  const auto report = FindVolumeSpikes(days, kToday);
  ASSERT_EQ(report.spikes.size(), 1u);
  EXPECT_EQ(report.spikes[0].date, AddDays(kToday, -2));
  EXPECT_EQ(report.spikes[0].count, 55);
}

TEST(VolumeSpikesTest, AnEarlierSpikeDoesNotRaiseTheUsualDay) {
  auto days = Steady(10, 10);
  for (int i = 10; i < 14; ++i) days[AddDays(kToday, -i)] = 200;  // last month's sale
  days[kToday] = 30;
  const auto report = FindVolumeSpikes(days, kToday);
  EXPECT_DOUBLE_EQ(report.baseline_per_day, 10);
  ASSERT_EQ(report.spikes.size(), 1u);
  EXPECT_EQ(report.spikes[0].date, kToday);
}

TEST(VolumeSpikesTest, AQuietShopNeedsFiveMoreThanUsual) {
  auto days = Steady(1, 1);
  days[kToday] = 4;  // four times the usual day, but only 3 more
  EXPECT_TRUE(FindVolumeSpikes(days, kToday).spikes.empty());
  days[kToday] = 6;
  EXPECT_EQ(FindVolumeSpikes(days, kToday).spikes.size(), 1u);
}

TEST(VolumeSpikesTest, ANewShopIsNotJudged) {
  // Mail only in the last week (the demo shop, a shop that just connected its inbox):
  // every day is far above an empty month, and none of it is a spike.
  std::map<CivilDate, std::int64_t> days;
  for (int i = 0; i < 7; ++i) days[AddDays(kToday, -i)] = 40;
  const auto report = FindVolumeSpikes(days, kToday);
  EXPECT_FALSE(report.enough_history);
  EXPECT_EQ(report.history_days, 0);
  EXPECT_TRUE(report.spikes.empty());
  // Thirteen days of history is still too little; fourteen is enough.
  for (int i = 7; i < 20; ++i) days[AddDays(kToday, -i)] = 5;
  EXPECT_FALSE(FindVolumeSpikes(days, kToday).enough_history);
  days[AddDays(kToday, -20)] = 5;
  const auto judged = FindVolumeSpikes(days, kToday);
  EXPECT_TRUE(judged.enough_history);
  EXPECT_EQ(judged.spikes.size(), 7u);  // the median of 14 fives and 14 empty days is 2.5
}

TEST(VolumeSpikesTest, TheWindowEndsToday) {
  auto days = Steady(20, 20);
  days[AddDays(kToday, 1)] = 500;   // tomorrow (a wrong clock) is not judged
  days[AddDays(kToday, -7)] = 500;  // eight days ago is in the baseline, not judged
  const auto report = FindVolumeSpikes(days, kToday);
  EXPECT_TRUE(report.spikes.empty());
  EXPECT_DOUBLE_EQ(report.baseline_per_day, 20);
}

}  // namespace
}  // namespace shopdesk
