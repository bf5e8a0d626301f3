#include "core/conversation_state.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

using S = ConversationStatus;
constexpr S kAll[] = {S::kOpen, S::kPending, S::kOnHold, S::kResolved, S::kClosed};

TEST(ConversationStateTest, LegalTransitionsAreExactlyTheDocumentedOnes) {
  auto legal = [](S from, S to) {
    if (from == to) return true;
    if (from == S::kClosed) return false;
    if (from == S::kResolved) return to == S::kOpen || to == S::kClosed;
    return true;
  };
  for (S from : kAll) {
    for (S to : kAll) {
      EXPECT_EQ(IsLegalTransition(from, to), legal(from, to))
          << StatusName(from) << " -> " << StatusName(to);
    }
  }
}

TEST(ConversationStateTest, IllegalTransitionIsAConflictNamingBothStates) {
  auto r = Transition(S::kResolved, S::kPending);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_NE(r.error().message.find("resolved"), std::string::npos);
  EXPECT_NE(r.error().message.find("pending"), std::string::npos);
  EXPECT_FALSE(Transition(S::kClosed, S::kOpen));
  EXPECT_EQ(*Transition(S::kOpen, S::kOnHold), S::kOnHold);
}

TEST(ConversationStateTest, InboundReopensEverythingButClosed) {
  EXPECT_EQ(StatusAfterInbound(S::kPending), S::kOpen);
  EXPECT_EQ(StatusAfterInbound(S::kOnHold), S::kOpen);
  EXPECT_EQ(StatusAfterInbound(S::kResolved), S::kOpen);
  EXPECT_EQ(StatusAfterInbound(S::kOpen), S::kOpen);
}

TEST(ConversationStateTest, FlagsAndRepliesRefusedOnClosed) {
  Conversation c;
  c.status = S::kClosed;
  EXPECT_FALSE(CanChangeFlags(c));
  EXPECT_FALSE(CanReply(c));
  c.status = S::kResolved;
  EXPECT_TRUE(CanChangeFlags(c));
  EXPECT_TRUE(CanReply(c));
}

TEST(ConversationStateTest, AwaitsResponseOnlyWhenOpenAndNotFlagged) {
  Conversation c;
  EXPECT_TRUE(AwaitsResponse(c));
  c.spam = true;
  EXPECT_FALSE(AwaitsResponse(c));
  c.spam = false;
  c.no_reply_needed = true;
  EXPECT_FALSE(AwaitsResponse(c));
  c.no_reply_needed = false;
  c.status = S::kPending;
  EXPECT_FALSE(AwaitsResponse(c));
}

TEST(ConversationStateTest, StatusNamesRoundTrip) {
  for (S s : kAll) EXPECT_EQ(ParseStatus(StatusName(s)), s);
  EXPECT_FALSE(ParseStatus("Open").has_value());
}

}  // namespace
}  // namespace shopdesk

namespace shopdesk {
namespace {

TEST(ConversationStateTest, AHoldEndsInTheFutureAndAnyOtherStatusEndsIt) {
  Conversation c;
  c.status = ConversationStatus::kOpen;
  auto past = PutOnHold(c, 1000, 1000);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(past.error().reason, "conversation.hold_in_past");
  EXPECT_EQ(c.status, ConversationStatus::kOpen);

  ASSERT_TRUE(PutOnHold(c, 5000, 1000));
  EXPECT_EQ(c.status, ConversationStatus::kOnHold);
  EXPECT_EQ(c.hold_until, 5000);
  ASSERT_TRUE(PutOnHold(c, std::nullopt, 2000));  // on hold again, now without an end
  EXPECT_FALSE(c.hold_until);
  ASSERT_TRUE(PutOnHold(c, 9000, 2000));
  SetStatus(c, StatusAfterInbound(c.status), 3000);  // the customer wrote meanwhile
  EXPECT_EQ(c.status, ConversationStatus::kOpen);
  EXPECT_FALSE(c.hold_until);

  c.status = ConversationStatus::kClosed;
  auto closed = PutOnHold(c, 9000, 3000);
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code, ErrorCode::kConflict);
}

TEST(ConversationStateTest, UnreadWhenTheCustomerWroteAfterTheReadMark) {
  Conversation c;
  EXPECT_FALSE(IsUnread(c, std::nullopt));  // nothing inbound yet
  c.last_inbound_at = 100;
  EXPECT_TRUE(IsUnread(c, std::nullopt));  // never opened
  EXPECT_TRUE(IsUnread(c, 99));
  EXPECT_FALSE(IsUnread(c, 100));  // opened in the same millisecond
  EXPECT_FALSE(IsUnread(c, 101));
}

}  // namespace
}  // namespace shopdesk
