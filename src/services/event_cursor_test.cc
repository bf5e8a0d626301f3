#include "services/event_cursor.h"

#include <gtest/gtest.h>

namespace shopdesk::services {
namespace {

TEST(EventCursorTest, InOrderIdsAreEachDeliveredOnce) {
  EventCursor cursor(0);
  EXPECT_TRUE(cursor.Accept(1, 0));
  EXPECT_TRUE(cursor.Accept(2, 0));
  EXPECT_FALSE(cursor.Accept(2, 0));
  EXPECT_FALSE(cursor.Accept(1, 0));
  EXPECT_EQ(cursor.after(), 2);
  EXPECT_EQ(cursor.gap_count(), 0u);
}

TEST(EventCursorTest, StartsAfterTheGivenId) {
  EventCursor cursor(41);
  EXPECT_FALSE(cursor.Accept(41, 0));
  EXPECT_TRUE(cursor.Accept(42, 0));
  EXPECT_EQ(cursor.gap_count(), 0u);
}

TEST(EventCursorTest, AnIdCommittedLateIsDeliveredOnceFromTheGapList) {
  EventCursor cursor(9);
  ASSERT_TRUE(cursor.Accept(12, 1000));  // 10 and 11 still in flight
  EXPECT_EQ(cursor.GapRange(), std::make_pair(LiveEventId{10}, LiveEventId{11}));
  EXPECT_TRUE(cursor.Accept(11, 1500));
  EXPECT_FALSE(cursor.Accept(11, 1600));
  EXPECT_EQ(cursor.GapRange(), std::make_pair(LiveEventId{10}, LiveEventId{10}));
  EXPECT_TRUE(cursor.Accept(10, 1700));
  EXPECT_FALSE(cursor.GapRange());
  EXPECT_EQ(cursor.after(), 12);
}

TEST(EventCursorTest, GapsExpireAfterTheGracePeriod) {
  EventCursor cursor(0, /*grace_ms=*/5000);
  cursor.Accept(3, 1000);
  cursor.Expire(5999);
  EXPECT_EQ(cursor.gap_count(), 2u);
  cursor.Expire(6000);
  EXPECT_EQ(cursor.gap_count(), 0u);
  EXPECT_FALSE(cursor.Accept(1, 7000)) << "an expired gap is not delivered late";
}

TEST(EventCursorTest, AHugeJumpLeavesNoGaps) {
  EventCursor cursor(0);
  EXPECT_TRUE(cursor.Accept(EventCursor::kMaxGap + 5, 0));
  EXPECT_EQ(cursor.gap_count(), 0u);
}

TEST(EventCursorTest, TheGapRangeSpansEveryMissingId) {
  EventCursor cursor(0);
  cursor.Accept(5, 0);
  cursor.Accept(9, 0);
  EXPECT_EQ(cursor.GapRange(), std::make_pair(LiveEventId{1}, LiveEventId{8}));
  EXPECT_EQ(cursor.gap_count(), 7u);
}

}  // namespace
}  // namespace shopdesk::services
