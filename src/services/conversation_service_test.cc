#include "services/conversation_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "services/agent_management.h"
#include "services/ingest_service.h"
#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

class ConversationServiceTest : public testing::ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    IngestService ingest(*db_, clock_);
    auto r = ingest.Ingest(channel_, Mail("a@x.jp", "件名", "本文", "cs1@x"));
    ASSERT_TRUE(r);
    id_ = r->conversation_id;
  }
  ConversationId id_ = 0;
};

TEST_F(ConversationServiceTest, GetReturnsConversationCustomerAndMessages) {
  ConversationService s(*db_, clock_);
  auto d = s.Get(shop_.id, id_);
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->customer.email, "a@x.jp");
  ASSERT_EQ(d->messages.size(), 1u);
  EXPECT_EQ(s.Get(other_shop_.id, id_).error().code, ErrorCode::kNotFound);
}

TEST_F(ConversationServiceTest, StatusChangesFollowTheStateMachine) {
  ConversationService s(*db_, clock_);
  ASSERT_TRUE(s.ChangeStatus(shop_.id, id_, ConversationStatus::kResolved));
  auto illegal = s.ChangeStatus(shop_.id, id_, ConversationStatus::kPending);
  ASSERT_FALSE(illegal);
  EXPECT_EQ(illegal.error().code, ErrorCode::kConflict);
  EXPECT_EQ(db_->conversations().Find(shop_.id, id_)->status, ConversationStatus::kResolved);
}

TEST_F(ConversationServiceTest, AHoldWithAnEndOpensAgainThenAndItsClockResumes) {
  ConversationService s(*db_, clock_);
  const Timestamp until = clock_.Now() + 2 * kMillisPerHour;
  auto wrong = s.ChangeStatus(shop_.id, id_, ConversationStatus::kPending, until);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  auto held = s.ChangeStatus(shop_.id, id_, ConversationStatus::kOnHold, until);
  ASSERT_TRUE(held) << held.error().ToString();
  EXPECT_EQ(held->hold_until, until);
  EXPECT_FALSE(held->due_at);  // on hold pauses the clock

  clock_.Advance(2 * kMillisPerHour - 1);
  EXPECT_EQ(*s.EndHolds(10), 0);
  clock_.Advance(1);
  EXPECT_EQ(*s.EndHolds(10), 1);
  auto opened = *db_->conversations().Find(shop_.id, id_);
  EXPECT_EQ(opened.status, ConversationStatus::kOpen);
  EXPECT_FALSE(opened.hold_until);
  EXPECT_TRUE(opened.due_at);     // the clock runs again
  EXPECT_EQ(*s.EndHolds(10), 0);  // once
}

TEST_F(ConversationServiceTest, ReadMarksFollowTheCustomersMessages) {
  ConversationService s(*db_, clock_);
  EXPECT_TRUE(*s.Get(shop_.id, id_, owner_.id)->unread);
  EXPECT_FALSE(s.Get(shop_.id, id_)->unread.has_value());
  ASSERT_TRUE(s.MarkRead(shop_.id, owner_.id, id_));
  EXPECT_FALSE(*s.Get(shop_.id, id_, owner_.id)->unread);
  clock_.Advance(1000);
  IngestService ingest(*db_, clock_);
  ASSERT_TRUE(ingest.Ingest(
      channel_, Mail("a@x.jp", "Re: 件名", "追記です", "cs2@x", "In-Reply-To: <cs1@x>\r\n")));
  EXPECT_TRUE(*s.Get(shop_.id, id_, owner_.id)->unread);
  ASSERT_TRUE(s.MarkRead(shop_.id, owner_.id, id_));
  ASSERT_TRUE(s.MarkUnread(shop_.id, owner_.id, id_));
  EXPECT_TRUE(*s.Get(shop_.id, id_, owner_.id)->unread);
  EXPECT_EQ(s.MarkRead(other_shop_.id, owner_.id, id_).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(s.MarkUnread(other_shop_.id, owner_.id, id_).error().code, ErrorCode::kNotFound);
}

TEST_F(ConversationServiceTest, AnUpdateEventNamesWhatChanged) {
  ConversationService s(*db_, clock_);
  ASSERT_TRUE(s.Assign(shop_.id, id_, owner_.id));
  ASSERT_TRUE(s.SetTags(shop_.id, id_, {"返品"}));
  auto events = db_->events().ListForShop(shop_.id, 0, 100);
  ASSERT_TRUE(events);
  std::vector<std::string> changes;
  for (const auto& e : *events) {
    if (e.kind != LiveEventKind::kConversationUpdated) continue;
    changes.push_back(nlohmann::json::parse(e.data).at("changed").dump());
  }
  EXPECT_EQ(changes, (std::vector<std::string>{R"(["assignee_id"])", R"(["tags"])"}));
}

TEST_F(ConversationServiceTest, EachChangeIsAnActivityLineByItsAgent) {
  ConversationService s(*db_, clock_, owner_.id);
  ASSERT_TRUE(s.Assign(shop_.id, id_, owner_.id));
  ASSERT_TRUE(s.SetTags(shop_.id, id_, {"返品", "破損"}));
  ASSERT_TRUE(s.SetTags(shop_.id, id_, {"返品"}));
  ASSERT_TRUE(s.SetIntent(shop_.id, id_, "Return"));
  const Timestamp until = clock_.Now() + kMillisPerHour;
  ASSERT_TRUE(s.ChangeStatus(shop_.id, id_, ConversationStatus::kOnHold, until));
  ASSERT_TRUE(s.SetIntent(shop_.id, id_, "return"));  // no change: no line
  clock_.Advance(kMillisPerHour);
  ASSERT_TRUE(ConversationService(*db_, clock_).EndHolds(10));

  auto detail = s.Get(shop_.id, id_);
  ASSERT_TRUE(detail) << detail.error().ToString();
  std::vector<std::string> lines;
  for (const auto& a : detail->activity) {
    lines.push_back(a.kind + " " + a.detail + (a.agent_id ? " by owner" : " by the system"));
    EXPECT_EQ(a.agent_id.has_value(), a.agent_id == owner_.id);
  }
  const std::string owner = owner_.name.empty() ? owner_.email : owner_.name;
  EXPECT_EQ(lines, (std::vector<std::string>{
                       R"(assignee {"from":"","to":")" + owner + R"("} by owner)",
                       R"(tags {"added":["破損","返品"],"removed":[]} by owner)",
                       R"(tags {"added":[],"removed":["破損"]} by owner)",
                       R"(intent {"from":"","to":"return"} by owner)",
                       R"(status {"from":"open","to":"on_hold","until":")" + FormatIso8601(until) +
                           R"("} by owner)",
                       R"(status {"from":"on_hold","to":"open"} by the system)",
                   }));
  // Another shop sees none of them.
  auto other = db_->conversations().ListActivity(other_shop_.id, id_);
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
}

TEST_F(ConversationServiceTest, AssignOnlyToAgentsOfTheSameShop) {
  ConversationService s(*db_, clock_);
  auto assigned = s.Assign(shop_.id, id_, owner_.id);
  ASSERT_TRUE(assigned);
  EXPECT_EQ(assigned->assignee_id, owner_.id);
  auto stranger = AgentManagement::CommandLine(*db_, clock_, other_shop_.id)
                      .Add("x@other.example", "他人", Role::kAgent);
  ASSERT_TRUE(stranger);
  EXPECT_EQ(s.Assign(shop_.id, id_, stranger->agent.id).error().code, ErrorCode::kNotFound);
  auto unassigned = s.Assign(shop_.id, id_, std::optional<AgentId>());
  ASSERT_TRUE(unassigned);
  EXPECT_FALSE(unassigned->assignee_id.has_value());
}

TEST_F(ConversationServiceTest, TagsAreNormalizedAndFilterable) {
  ConversationService s(*db_, clock_);
  auto tagged = s.SetTags(shop_.id, id_, {" VIP ", "返品", "vip"});
  ASSERT_TRUE(tagged) << tagged.error().ToString();
  EXPECT_EQ(tagged->tags, (std::vector<std::string>{"vip", "返品"}));
  EXPECT_EQ(s.SetTags(shop_.id, id_, {"two words"}).error().code, ErrorCode::kInvalidArgument);
  store::ConversationFilter filter;
  filter.tag = "返品";
  auto page = s.List(shop_.id, filter);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].conversation.tags, tagged->tags);
}

TEST_F(ConversationServiceTest, IntentIsNormalizedFilterableAndClearable) {
  ConversationService s(*db_, clock_);
  auto set = s.SetIntent(shop_.id, id_, " Return ");
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->intent, "return");
  EXPECT_EQ(s.SetIntent(shop_.id, id_, "two words").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.Get(shop_.id, id_)->conversation.intent, "return");
  store::ConversationFilter filter;
  filter.intent = "return";
  auto page = s.List(shop_.id, filter);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].conversation.intent, "return");
  filter.intent = "shipping";
  EXPECT_TRUE(s.List(shop_.id, filter)->items.empty());
  auto cleared = s.SetIntent(shop_.id, id_, "  ");
  ASSERT_TRUE(cleared);
  EXPECT_EQ(cleared->intent, "");
}

TEST_F(ConversationServiceTest, SpamFlagStopsTheClock) {
  ConversationService s(*db_, clock_);
  FlagChange change;
  change.spam = true;
  auto flagged = s.SetFlags(shop_.id, id_, change);
  ASSERT_TRUE(flagged);
  EXPECT_TRUE(flagged->spam);
  EXPECT_FALSE(flagged->due_at.has_value());
}

}  // namespace
}  // namespace shopdesk::services
