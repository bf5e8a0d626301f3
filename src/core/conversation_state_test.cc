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
