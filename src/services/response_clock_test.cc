// The response clock against a real database, through the services that change
// conversations: each rule of core/sla_clock.h as a seller meets it.
#include "services/response_clock.h"

#include <gtest/gtest.h>

#include "services/conversation_service.h"
#include "services/ingest_service.h"
#include "services/reply_service.h"
#include "services/sla_settings.h"
#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

constexpr Timestamp kHour = kMillisPerHour;

class ResponseClockTest : public testing::ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    t0_ = clock_.Now();
    id_ = Receive("m1@x");
  }

  ConversationId Receive(const std::string& message_id, const std::string& extra = "",
                         const std::string& from = "buyer@x.jp",
                         const std::string& subject = "注文について") {
    IngestService ingest(*db_, clock_);
    auto r = ingest.Ingest(channel_, Mail(from, subject, "届きません", message_id, extra));
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? r->conversation_id : 0;
  }
  Conversation Current() { return *db_->conversations().Find(shop_.id, id_); }
  std::vector<SlaClock> Clocks() { return *db_->sla_clocks().ListClocks(shop_.id, id_); }
  std::vector<SlaEventKind> EventKinds() {
    std::vector<SlaEventKind> kinds;
    auto events = db_->sla_clocks().ListEvents(shop_.id, id_);
    EXPECT_TRUE(events);
    for (const auto& e : *events) kinds.push_back(e.kind);
    return kinds;
  }
  Result<Message> ReplyWith(std::optional<ConversationStatus> status = std::nullopt,
                            bool automatic = false) {
    ReplyDraft draft;
    draft.text = "花子様、お問い合わせありがとうございます。";
    draft.status = status;
    draft.automatic = automatic;
    return ReplyService(*db_, clock_).Reply(shop_.id, id_, owner_.id, draft);
  }
  // What the outbox worker (or a bounce) records when the peer accepted `reply`, or
  // when it did not.
  void Settle(const Message& reply, bool delivered) {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(db_->messages().UpdateDelivery(
        shop_.id, reply.id, delivered ? DeliveryState::kSent : DeliveryState::kFailed, 1,
        delivered ? "" : "550 5.1.1 no such user", "", delivered ? clock_.Now() : 0));
    auto settled = SettleDelivery(*db_, reply, delivered, clock_.Now());
    ASSERT_TRUE(settled) << settled.error().ToString();
    ASSERT_TRUE((*tx)->Commit());
  }
  // The conversations in inbox order (by due), walked one page of `limit` at a time.
  std::vector<ConversationId> InboxOrder(int limit, bool failed_only = false) {
    std::vector<ConversationId> ids;
    store::ConversationFilter filter;
    filter.sort = store::ConversationFilter::Sort::kDueAt;
    filter.limit = limit;
    filter.delivery_failed_only = failed_only;
    for (int pages = 0; pages < 50; ++pages) {
      auto page = db_->conversations().List(shop_.id, filter);
      EXPECT_TRUE(page) << page.error().ToString();
      if (!page) break;
      for (const auto& row : page->items) ids.push_back(row.conversation.id);
      if (page->next_cursor.empty()) break;
      filter.cursor = page->next_cursor;
    }
    return ids;
  }

  Timestamp t0_ = 0;
  ConversationId id_ = 0;
};

TEST_F(ResponseClockTest, ACustomerMessageStartsTheFirstResponseClock) {
  ASSERT_EQ(Clocks().size(), 1u);
  EXPECT_EQ(Clocks()[0].target, SlaTarget::kFirstResponse);
  EXPECT_EQ(Clocks()[0].state, SlaClockState::kRunning);
  EXPECT_EQ(Current().due_at, t0_ + 24 * kHour);
  EXPECT_EQ(EventKinds(), std::vector{SlaEventKind::kStarted});
}

TEST_F(ResponseClockTest, AutomaticAndBulkMailStartNoClock) {
  clock_.Advance(kHour);
  const ConversationId other =
      Receive("auto@x", "Auto-Submitted: auto-replied\r\n", "robot@x.jp", "自動応答");
  ASSERT_NE(other, id_);
  EXPECT_TRUE(db_->sla_clocks().ListClocks(shop_.id, other)->empty());
  EXPECT_FALSE(db_->conversations().Find(shop_.id, other)->due_at);
}

TEST_F(ResponseClockTest, AnInternalNoteNeverSatisfiesTheTarget) {
  clock_.Advance(kHour);
  ASSERT_TRUE(ReplyService(*db_, clock_).AddNote(shop_.id, id_, owner_.id, "確認中"));
  EXPECT_EQ(Clocks()[0].state, SlaClockState::kRunning);
  EXPECT_EQ(Current().due_at, t0_ + 24 * kHour);
}

TEST_F(ResponseClockTest, AnAutomaticReplyNeverSatisfiesTheTarget) {
  clock_.Advance(kHour);
  auto sent = ReplyWith(std::nullopt, /*automatic=*/true);
  ASSERT_TRUE(sent) << sent.error().ToString();
  EXPECT_TRUE(sent->flags.auto_submitted);
  EXPECT_EQ(Clocks()[0].state, SlaClockState::kRunning);
  EXPECT_EQ(Current().due_at, t0_ + 24 * kHour);
}

TEST_F(ResponseClockTest, APublicReplyThatSetsPendingFulfilsThenTheNextMessageIsNext) {
  clock_.Advance(2 * kHour);
  auto reply = ReplyWith(ConversationStatus::kPending);
  ASSERT_TRUE(reply);
  Settle(*reply, /*delivered=*/true);
  auto clocks = Clocks();
  ASSERT_EQ(clocks.size(), 1u);
  EXPECT_EQ(clocks[0].state, SlaClockState::kFulfilled);
  EXPECT_EQ(clocks[0].fulfilled_by, owner_.id);
  EXPECT_EQ(clocks[0].ended_at, t0_ + 2 * kHour);
  EXPECT_FALSE(Current().due_at);
  // The customer answers: the conversation reopens and a next-response clock starts.
  clock_.Advance(5 * kHour);
  ASSERT_EQ(Receive("m2@x", "In-Reply-To: <m1@x>\r\n"), id_);
  clocks = Clocks();
  ASSERT_EQ(clocks.size(), 2u);
  EXPECT_EQ(clocks[0].state, SlaClockState::kFulfilled);  // its result stays
  EXPECT_EQ(clocks[0].ended_at, t0_ + 2 * kHour);
  EXPECT_EQ(clocks[1].target, SlaTarget::kNextResponse);
  EXPECT_EQ(Current().status, ConversationStatus::kOpen);
  // The mail's Date header says 09:00 that day: the clock starts when the customer wrote.
  EXPECT_EQ(Current().due_at, clocks[1].started_at + 24 * kHour);
}

TEST_F(ResponseClockTest, AReplyAnswersWhenItIsDeliveredNotWhenItIsQueued) {
  clock_.Advance(2 * kHour);
  auto reply = ReplyWith(ConversationStatus::kPending);
  ASSERT_TRUE(reply) << reply.error().ToString();
  // Queued: the clock runs on, awaiting this reply; the status it set does not pause it.
  auto clocks = Clocks();
  ASSERT_EQ(clocks.size(), 1u);
  EXPECT_EQ(clocks[0].state, SlaClockState::kRunning);
  EXPECT_EQ(clocks[0].answer_message_id, reply->id);
  EXPECT_TRUE(clocks[0].AwaitingDelivery());
  EXPECT_EQ(Current().status, ConversationStatus::kPending);
  EXPECT_EQ(Current().due_at, t0_ + 24 * kHour);
  // The mail server accepts it an hour later (the first attempts were refused).
  clock_.Advance(kHour);
  Settle(*reply, /*delivered=*/true);
  clocks = Clocks();
  EXPECT_EQ(clocks[0].state, SlaClockState::kFulfilled);
  EXPECT_EQ(clocks[0].ended_at, t0_ + 3 * kHour);  // answered when it arrived
  EXPECT_EQ(clocks[0].fulfilled_by, owner_.id);
  EXPECT_FALSE(Current().due_at);
  EXPECT_FALSE(Current().delivery_failed_at);
}

TEST_F(ResponseClockTest, AFailedReplyRunsTheClockFromItsDeadlineAndLeadsTheInbox) {
  // Three conversations: id_ and `later` due when the customers' mails (written at the
  // same time) are 24 h old, `none` owing nothing.
  clock_.Advance(kHour);
  const ConversationId later = Receive("m5@x", "", "jiro@x.jp", "サイズ交換");
  const ConversationId none =
      Receive("m6@x", "Auto-Submitted: auto-generated\r\n", "robot@x.jp", "お知らせ");
  ASSERT_EQ(InboxOrder(10), (std::vector{id_, later, none}));
  const auto deadline = db_->conversations().Find(shop_.id, later)->due_at;
  ASSERT_TRUE(deadline);

  // The reply to `later` resolves it, and then the mail server refuses it for good.
  clock_.Advance(kHour);
  ReplyDraft draft;
  draft.text = "次郎様、交換を承りました。";
  draft.status = ConversationStatus::kResolved;
  auto reply = ReplyService(*db_, clock_).Reply(shop_.id, later, owner_.id, draft);
  ASSERT_TRUE(reply) << reply.error().ToString();
  clock_.Advance(kHour);
  Settle(*reply, /*delivered=*/false);

  auto conversation = *db_->conversations().Find(shop_.id, later);
  EXPECT_EQ(conversation.status, ConversationStatus::kOpen);  // open again, answer owed
  EXPECT_EQ(conversation.delivery_failed_at, clock_.Now());
  EXPECT_EQ(conversation.due_at, deadline);  // the deadline it had
  auto clocks = *db_->sla_clocks().ListClocks(shop_.id, later);
  ASSERT_EQ(clocks.size(), 1u);
  EXPECT_EQ(clocks[0].state, SlaClockState::kRunning);
  EXPECT_FALSE(clocks[0].answer_message_id);
  EXPECT_FALSE(clocks[0].ended_at);
  // First in the inbox, in every page size, and alone in its own view and count.
  EXPECT_EQ(InboxOrder(10), (std::vector{later, id_, none}));
  EXPECT_EQ(InboxOrder(1), (std::vector{later, id_, none}));
  EXPECT_EQ(InboxOrder(1, /*failed_only=*/true), std::vector{later});
  EXPECT_EQ(*db_->conversations().CountDeliveryFailed(shop_.id), 1);
  EXPECT_EQ(*db_->conversations().CountDeliveryFailed(other_shop_.id), 0);
  store::ConversationFilter theirs;
  theirs.delivery_failed_only = true;
  EXPECT_TRUE(db_->conversations().List(other_shop_.id, theirs)->items.empty());

  // Sent again and delivered: answered then, and the mark goes.
  clock_.Advance(kHour);
  auto retried = ReplyService(*db_, clock_).RetryDelivery(shop_.id, reply->id);
  ASSERT_TRUE(retried) << retried.error().ToString();
  EXPECT_TRUE(db_->sla_clocks().ListClocks(shop_.id, later)->at(0).AwaitingDelivery());
  EXPECT_TRUE(db_->conversations().Find(shop_.id, later)->delivery_failed_at);
  Settle(*reply, /*delivered=*/true);
  clocks = *db_->sla_clocks().ListClocks(shop_.id, later);
  EXPECT_EQ(clocks[0].state, SlaClockState::kFulfilled);
  EXPECT_EQ(clocks[0].ended_at, clock_.Now());
  EXPECT_FALSE(db_->conversations().Find(shop_.id, later)->delivery_failed_at);
  EXPECT_EQ(InboxOrder(10), (std::vector{id_, later, none}));
}

TEST_F(ResponseClockTest, ABounceAfterDeliveryTakesTheAnswerBack) {
  clock_.Advance(2 * kHour);
  auto reply = ReplyWith();
  ASSERT_TRUE(reply);
  Settle(*reply, /*delivered=*/true);
  ASSERT_EQ(Clocks()[0].state, SlaClockState::kFulfilled);
  // A day later the customer's server returns it: the clock was never answered, and is
  // late by now.
  clock_.Advance(30 * kHour);
  Settle(*reply, /*delivered=*/false);
  const auto clock = Clocks()[0];
  EXPECT_EQ(clock.state, SlaClockState::kRunning);
  EXPECT_EQ(clock.due_at, t0_ + 24 * kHour);
  EXPECT_FALSE(clock.fulfilled_by);
  EXPECT_EQ(Current().due_at, t0_ + 24 * kHour);
  EXPECT_TRUE(Current().delivery_failed_at);
  EXPECT_EQ(EventKinds(), (std::vector{SlaEventKind::kStarted, SlaEventKind::kFulfilled,
                                       SlaEventKind::kReopened}));
  // The sweep records the breach at its deadline.
  auto swept = SweepResponseClocks(*db_, clock_.Now());
  ASSERT_TRUE(swept);
  EXPECT_EQ(swept->breaches, 1);
  EXPECT_EQ(Clocks()[0].breached_at, t0_ + 24 * kHour);
}

TEST_F(ResponseClockTest, AnAutomaticReplyThatBouncesMarksNothing) {
  auto reply = ReplyWith(std::nullopt, /*automatic=*/true);
  ASSERT_TRUE(reply);
  Settle(*reply, /*delivered=*/false);
  EXPECT_FALSE(Current().delivery_failed_at);
  EXPECT_EQ(Clocks()[0].state, SlaClockState::kRunning);
  EXPECT_FALSE(Clocks()[0].answer_message_id);
}

TEST_F(ResponseClockTest, PendingWithoutAReplyPausesAndTheNextMessageResumes) {
  ConversationService conversations(*db_, clock_);
  clock_.Advance(10 * kHour);
  ASSERT_TRUE(conversations.ChangeStatus(shop_.id, id_, ConversationStatus::kPending));
  EXPECT_EQ(Clocks()[0].state, SlaClockState::kPaused);
  EXPECT_EQ(Clocks()[0].budget, 14 * kHour);
  EXPECT_FALSE(Current().due_at);
  clock_.Advance(48 * kHour);
  ASSERT_TRUE(conversations.ChangeStatus(shop_.id, id_, ConversationStatus::kOpen));
  EXPECT_EQ(Current().due_at, clock_.Now() + 14 * kHour);
  EXPECT_EQ(EventKinds(),
            (std::vector{SlaEventKind::kStarted, SlaEventKind::kPaused, SlaEventKind::kResumed}));
}

TEST_F(ResponseClockTest, ResolvedSpamAndNoReplyNeededStop) {
  ConversationService conversations(*db_, clock_);
  FlagChange no_reply;
  no_reply.no_reply_needed = true;  // Amazon's 返信不要
  ASSERT_TRUE(conversations.SetFlags(shop_.id, id_, no_reply));
  EXPECT_EQ(Clocks()[0].state, SlaClockState::kStopped);
  EXPECT_FALSE(Current().due_at);
  EXPECT_EQ(EventKinds().back(), SlaEventKind::kStopped);
}

TEST_F(ResponseClockTest, TheSweepWarnsBreachesAndTheLateReplyMeasuresHowLate) {
  clock_.Advance(20 * kHour);  // 4 h left
  auto swept = SweepResponseClocks(*db_, clock_.Now());
  ASSERT_TRUE(swept) << swept.error().ToString();
  EXPECT_EQ(swept->warnings, 1);
  EXPECT_EQ(SweepResponseClocks(*db_, clock_.Now())->warnings, 0);  // once
  clock_.Advance(5 * kHour);
  swept = SweepResponseClocks(*db_, clock_.Now());
  EXPECT_EQ(swept->warnings, 0);  // the 1 h warning passed while the node slept
  EXPECT_EQ(swept->breaches, 1);
  // The live stream carries both alerts.
  auto live = db_->events().ListForShop(shop_.id, 0, 100);
  ASSERT_TRUE(live);
  int alerts = 0;
  for (const auto& e : *live) alerts += e.kind == LiveEventKind::kSlaAlert;
  EXPECT_EQ(alerts, 2);
  clock_.Advance(3 * kHour);
  auto reply = ReplyWith();
  ASSERT_TRUE(reply);
  Settle(*reply, /*delivered=*/true);
  const auto clock = Clocks()[0];
  EXPECT_EQ(clock.breached_at, t0_ + 24 * kHour);
  EXPECT_EQ(*clock.ended_at - *clock.breached_at, 4 * kHour);  // four hours late
  EXPECT_EQ(EventKinds(), (std::vector{SlaEventKind::kStarted, SlaEventKind::kWarning,
                                       SlaEventKind::kBreached, SlaEventKind::kFulfilled}));
}

TEST_F(ResponseClockTest, BusinessHoursChangeRecomputesRunningDeadlines) {
  SlaSettings settings(*db_, clock_, owner_, "127.0.0.1");
  SlaPolicy policy = DefaultSlaPolicy(shop_.id, channel_.id);
  policy.counting = SlaCounting::kBusiness;
  policy.first_response = 8 * kHour;
  ASSERT_TRUE(settings.SetPolicy(policy));
  // 2025-11-24 (Mon, 振替休日) 10:00 JST. Default hours: weekdays 09:00-18:00.
  clock_.Set(*ParseIso8601("2025-11-24T10:00:00+09:00"));
  // A mail without a Date header: the clock starts when it arrived.
  IngestService ingest(*db_, clock_);
  std::string mail = Mail("other@x.jp", "別件", "在庫はありますか", "m3@x");
  mail.erase(mail.find("Date: "), mail.find("\r\n", mail.find("Date: ")) + 2 - mail.find("Date: "));
  auto received = ingest.Ingest(channel_, mail);
  ASSERT_TRUE(received);
  const ConversationId later = received->conversation_id;
  auto due = db_->conversations().Find(shop_.id, later)->due_at;
  ASSERT_TRUE(due);
  // Holiday, so the 8 hours are Tuesday 09:00-17:00.
  EXPECT_EQ(*due, *ParseIso8601("2025-11-25T17:00:00+09:00"));

  BusinessCalendar hours;
  for (int day = 1; day <= 6; ++day) hours.weekly[day] = {{10 * 60, 14 * 60}};
  hours.closed_on_national_holidays = false;
  auto saved = settings.SetCalendar(hours);
  ASSERT_TRUE(saved) << saved.error().ToString();
  EXPECT_EQ(saved->deadlines_recomputed, 1);
  // Now Monday counts 10:00-14:00 (4 h) and Tuesday 10:00-14:00: due Tuesday 14:00.
  EXPECT_EQ(db_->conversations().Find(shop_.id, later)->due_at,
            *ParseIso8601("2025-11-25T14:00:00+09:00"));
  // The calendar clock of the first conversation did not move.
  EXPECT_EQ(Current().due_at, t0_ + 24 * kHour);

  BusinessCalendar overlapping = hours;
  overlapping.weekly[1] = {{9 * 60, 12 * 60}, {11 * 60, 13 * 60}};
  auto refused = settings.SetCalendar(overlapping);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("overlaps"), std::string::npos);
  EXPECT_EQ(settings.GetCalendar()->weekly[1].size(), 1u);  // nothing saved half-way
}

TEST_F(ResponseClockTest, AnotherShopSeesNoneOfTheClocks) {
  EXPECT_TRUE(db_->sla_clocks().ListClocks(other_shop_.id, id_)->empty());
  EXPECT_TRUE(db_->sla_clocks().ListEvents(other_shop_.id, id_)->empty());
  EXPECT_TRUE(db_->sla_clocks().UnfinishedClocks(other_shop_.id, id_)->empty());
  EXPECT_FALSE(*db_->sla_clocks().HasFulfilledClock(other_shop_.id, id_));
  Agent stranger = owner_;
  stranger.shop_id = other_shop_.id;
  EXPECT_EQ(SlaSettings(*db_, clock_, stranger, "").ConversationClocks(id_).error().code,
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace shopdesk::services
