#include "http/server/ip_rate_limit.h"

#include <gtest/gtest.h>

#include "testing/fake_clock.h"

namespace shopdesk::http {
namespace {

TEST(IpRateLimitTest, CountsEachAddressInItsOwnWindow) {
  testing::FakeClock clock;
  IpRateLimit limit(clock, 3, std::chrono::seconds(60));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limit.Admit("192.0.2.1"));
  auto refused = limit.Admit("192.0.2.1");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kRateLimited);
  EXPECT_EQ(refused.error().reason, "http.rate_limited");
  EXPECT_TRUE(limit.Admit("192.0.2.2")) << "another address has its own window";
  clock.Advance(60'000);
  EXPECT_TRUE(limit.Admit("192.0.2.1")) << "a new window";
}

TEST(IpRateLimitTest, ForgetsOldAddressesToStayBounded) {
  testing::FakeClock clock;
  IpRateLimit limit(clock, 1, std::chrono::seconds(60), /*max_addresses=*/2);
  EXPECT_TRUE(limit.Admit("a"));
  clock.Advance(1);
  EXPECT_TRUE(limit.Admit("b"));
  clock.Advance(1);
  EXPECT_TRUE(limit.Admit("c")) << "the oldest window (a) is forgotten";
  EXPECT_FALSE(limit.Admit("c"));
  EXPECT_FALSE(limit.Admit("b")) << "b is still remembered";
}

}  // namespace
}  // namespace shopdesk::http
