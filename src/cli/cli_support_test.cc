#include "cli/cli_support.h"

#include <gtest/gtest.h>

namespace shopdesk::cli {
namespace {

constexpr Timestamp kWednesday0947Tokyo = 1'796'172'420'000;  // 2026-12-02T00:47:00Z

TEST(TestClockTest, StartsAtTheGivenTimeNow) {
  auto setting = ParseTestClock("2026-12-02T09:47:00+09:00", 5'000);
  ASSERT_TRUE(setting) << setting.error().message;
  EXPECT_EQ(setting->start, kWednesday0947Tokyo);
  EXPECT_EQ(setting->anchor, 5'000);
}

TEST(TestClockTest, AnAnchorInUnixSecondsPinsTheStartToThatInstant) {
  auto setting = ParseTestClock("2026-12-02T00:47:00Z@1700000000.25", 5'000);
  ASSERT_TRUE(setting) << setting.error().message;
  EXPECT_EQ(setting->start, kWednesday0947Tokyo);
  EXPECT_EQ(setting->anchor, 1'700'000'000'250);
}

TEST(TestClockTest, RefusesWhatIsNotATime) {
  for (const char* bad : {"", "tomorrow", "2026-12-02", "2026-12-02T09:47:00+09:00@",
                          "2026-12-02T09:47:00+09:00@soon", "2026-12-02T09:47:00+09:00@-5",
                          "2026-12-02T09:47:00+09:00@12x"}) {
    EXPECT_FALSE(ParseTestClock(bad, 0)) << bad;
  }
}

TEST(TestClockTest, TheShiftedClockAdvancesWithTheSystemClock) {
  const Timestamp real = SystemClock::Instance().Now();
  const ShiftedClock clock(kWednesday0947Tokyo, real);
  const Timestamp first = clock.Now();
  EXPECT_GE(first, kWednesday0947Tokyo);
  EXPECT_LT(first, kWednesday0947Tokyo + 60'000);
  EXPECT_GE(clock.Now(), first);
  // Two clocks with the same start and anchor agree.
  const ShiftedClock twin(kWednesday0947Tokyo, real);
  const Timestamp a = clock.Now(), b = twin.Now();
  EXPECT_LE(b - a, 5);
  EXPECT_GE(b, a);
}

TEST(TestClockTest, CommandsUseTheSystemClockByDefault) {
  EXPECT_EQ(&CommandClock(), &SystemClock::Instance());
}

}  // namespace
}  // namespace shopdesk::cli
