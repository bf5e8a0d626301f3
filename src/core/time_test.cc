#include "core/time.h"

#include <gtest/gtest.h>

#include "core/time_zone.h"

namespace shopdesk {
namespace {

TEST(TimeTest, FormatsAndParsesIso8601) {
  EXPECT_EQ(FormatIso8601(0), "1970-01-01T00:00:00.000Z");
  auto t = ParseIso8601("2026-11-23T14:05:09.250+09:00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatIso8601(*t), "2026-11-23T05:05:09.250Z");
  EXPECT_EQ(ParseIso8601("2026-11-23T05:05:09Z"), *t - 250);
}

TEST(TimeTest, RejectsMalformedTimes) {
  EXPECT_FALSE(ParseIso8601("2026-13-01T00:00:00Z").has_value());
  EXPECT_FALSE(ParseIso8601("2026-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(ParseIso8601("yesterday").has_value());
  EXPECT_FALSE(ParseIso8601("2026-11-23T05:05:09").has_value());  // no zone
}

}  // namespace
}  // namespace shopdesk

namespace shopdesk {
TEST(TimeZoneTest, KnowsIanaNamesAndRefusesTheRest) {
  EXPECT_TRUE(IsKnownTimeZone("Asia/Tokyo"));
  EXPECT_TRUE(IsKnownTimeZone("America/New_York"));
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_FALSE(IsKnownTimeZone(""));
  EXPECT_FALSE(IsKnownTimeZone("Asia/Tokio"));
  EXPECT_FALSE(IsKnownTimeZone("JST"));
  EXPECT_FALSE(IsKnownTimeZone("Mars/Olympus_Mons"));
}
}  // namespace shopdesk
