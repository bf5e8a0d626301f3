#include "core/threading.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace shopdesk {
namespace {

using ::testing::ElementsAre;

TEST(ThreadingTest, ReferencedIdsPutInReplyToFirstThenReferencesNewestFirst) {
  auto keys = ComputeThreadingKeys("c@x", {"a@x", "b@x", "c@x"}, "Re: 件名", "");
  EXPECT_THAT(keys.referenced_ids, ElementsAre("c@x", "b@x", "a@x"));
  EXPECT_EQ(keys.normalized_subject, "件名");
}

TEST(ThreadingTest, OrderIdFromSubjectThenBody) {
  EXPECT_EQ(ComputeThreadingKeys("", {}, "注文 250-1234567-1234567", "").order_id,
            "250-1234567-1234567");
  EXPECT_EQ(ComputeThreadingKeys("", {}, "質問", "注文 250-1234567-1234567").order_id,
            "250-1234567-1234567");
}

TEST(ThreadingTest, SubjectRuleNeedsSameCustomerRecentAndNotClosed) {
  const ThreadingPolicy policy;
  Conversation c;
  c.customer_id = 7;
  c.normalized_subject = "件名";
  c.last_activity_at = 100 * kMillisPerDay;
  const Timestamp now = c.last_activity_at + 13 * kMillisPerDay;
  EXPECT_TRUE(MayJoinBySubject(c, 7, "件名", now, policy));
  EXPECT_FALSE(MayJoinBySubject(c, 8, "件名", now, policy));  // another customer
  EXPECT_FALSE(MayJoinBySubject(c, 7, "別件", now, policy));
  EXPECT_FALSE(MayJoinBySubject(c, 7, "件名", now + 2 * kMillisPerDay, policy));  // too old
  EXPECT_FALSE(MayJoinBySubject(c, 7, "", now, policy));  // no subject: never by subject
  c.status = ConversationStatus::kClosed;
  EXPECT_FALSE(MayJoinBySubject(c, 7, "件名", now, policy));
  EXPECT_FALSE(MayJoin(c));
}

}  // namespace
}  // namespace shopdesk
