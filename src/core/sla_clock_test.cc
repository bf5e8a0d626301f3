#include "core/sla_clock.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

constexpr Timestamp kHour = kMillisPerHour;
constexpr Timestamp kMinute = 60 * kMillisPerSecond;

Timestamp At(const char* iso) { return *ParseIso8601(iso); }

// 平日 10:00-18:00 in Tokyo, closed on weekends and national holidays.
BusinessCalendar Weekdays() {
  BusinessCalendar c;
  for (int day = 1; day <= 5; ++day) c.weekly[day] = {{10 * 60, 18 * 60}};
  return c;
}

std::vector<SlaEventKind> KindsOf(const std::vector<SlaEvent>& events) {
  std::vector<SlaEventKind> kinds;
  for (const auto& e : events) kinds.push_back(e.kind);
  return kinds;
}

Conversation WithStatus(ConversationStatus status) {
  Conversation c;
  c.status = status;
  return c;
}

class SlaClockTest : public ::testing::Test {
 protected:
  SlaClock Start(Timestamp written, SlaTarget target = SlaTarget::kFirstResponse) {
    auto clock = StartClock(policy_, calendar_, 7, 70, target, written, written, events_);
    EXPECT_TRUE(clock) << clock.error().message;
    return *clock;
  }
  void Follow(std::vector<SlaClock>& clocks, ConversationStatus status, Timestamp now) {
    ASSERT_TRUE(FollowConversation(policy_, calendar_, clocks, WithStatus(status), now, events_));
  }

  SlaPolicy policy_ = DefaultSlaPolicy(1, 2);
  BusinessCalendar calendar_ = Weekdays();
  std::vector<SlaEvent> events_;
};

TEST_F(SlaClockTest, CalendarTargetCountsNightsAndWeekends) {
  const Timestamp friday = At("2026-11-20T20:00:00+09:00");
  SlaClock clock = Start(friday);
  EXPECT_EQ(clock.due_at, At("2026-11-21T20:00:00+09:00"));
  EXPECT_EQ(clock.state, SlaClockState::kRunning);
  EXPECT_EQ(KindsOf(events_), std::vector{SlaEventKind::kStarted});
  EXPECT_EQ(events_[0].at, friday);
  EXPECT_EQ(EarliestDue({clock}), clock.due_at);
}

TEST_F(SlaClockTest, BusinessTargetSkipsClosedTime) {
  policy_.counting = SlaCounting::kBusiness;
  policy_.first_response = 8 * kHour;
  // Friday 17:00: 1 h Friday, weekend closed, Monday 11/23 is 勤労感謝の日, then 7 h Tuesday.
  SlaClock clock = Start(At("2026-11-20T17:00:00+09:00"));
  EXPECT_EQ(clock.counting, SlaCounting::kBusiness);
  EXPECT_EQ(clock.due_at, At("2026-11-24T17:00:00+09:00"));
}

TEST_F(SlaClockTest, PendingPausesAndOpenResumesWithTheTimeLeft) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0)};
  Follow(clocks, ConversationStatus::kPending, t0 + 10 * kHour);
  EXPECT_EQ(clocks[0].state, SlaClockState::kPaused);
  EXPECT_EQ(clocks[0].budget, 14 * kHour);
  EXPECT_FALSE(EarliestDue(clocks));
  EXPECT_FALSE(clocks[0].alert_at);
  // Three days waiting for the customer count nothing.
  Follow(clocks, ConversationStatus::kOpen, t0 + 82 * kHour);
  EXPECT_EQ(clocks[0].state, SlaClockState::kRunning);
  EXPECT_EQ(clocks[0].due_at, t0 + 96 * kHour);
  Follow(clocks, ConversationStatus::kOnHold, t0 + 90 * kHour);
  EXPECT_EQ(clocks[0].state, SlaClockState::kPaused);
  EXPECT_EQ(clocks[0].budget, 6 * kHour);
  EXPECT_EQ(KindsOf(events_), (std::vector{SlaEventKind::kStarted, SlaEventKind::kPaused,
                                           SlaEventKind::kResumed, SlaEventKind::kPaused}));
  EXPECT_EQ(events_[1].value, 14 * kHour);
}

TEST_F(SlaClockTest, PauseInBusinessTimeKeepsBusinessTimeLeft) {
  policy_.counting = SlaCounting::kBusiness;
  policy_.first_response = 8 * kHour;
  std::vector<SlaClock> clocks = {Start(At("2026-11-24T10:00:00+09:00"))};  // Tuesday
  // Paused at 21:00: 8 business hours used (10-18), none left.
  Follow(clocks, ConversationStatus::kPending, At("2026-11-24T21:00:00+09:00"));
  EXPECT_EQ(clocks[0].budget, 0);
  // It was due at 18:00: the pause records the breach the sweep had not seen yet.
  ASSERT_TRUE(clocks[0].breached_at);
  EXPECT_EQ(*clocks[0].breached_at, At("2026-11-24T18:00:00+09:00"));
}

TEST_F(SlaClockTest, ResolvedSpamAndNoReplyNeededStopTheClock) {
  for (int variant = 0; variant < 4; ++variant) {
    events_.clear();
    std::vector<SlaClock> clocks = {Start(At("2026-11-23T09:00:00+09:00"))};
    Conversation c = WithStatus(ConversationStatus::kOpen);
    if (variant == 0) c.status = ConversationStatus::kResolved;
    if (variant == 1) c.status = ConversationStatus::kClosed;
    if (variant == 2) c.spam = true;
    if (variant == 3) c.no_reply_needed = true;
    const Timestamp now = At("2026-11-23T10:00:00+09:00");
    ASSERT_TRUE(FollowConversation(policy_, calendar_, clocks, c, now, events_));
    EXPECT_EQ(clocks[0].state, SlaClockState::kStopped) << variant;
    EXPECT_EQ(clocks[0].ended_at, now);
    EXPECT_FALSE(clocks[0].breached_at);
    EXPECT_EQ(events_.back().kind, SlaEventKind::kStopped);
    // A stopped clock never starts again; reopening does not resume it.
    Follow(clocks, ConversationStatus::kOpen, now + kHour);
    EXPECT_EQ(clocks[0].state, SlaClockState::kStopped);
  }
}

TEST_F(SlaClockTest, PublicReplyFulfilsEveryUnfinishedClockInTime) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0), Start(t0 + kHour)};
  FulfillClocks(clocks, t0 + 2 * kHour, 5, events_);
  for (const auto& clock : clocks) {
    EXPECT_EQ(clock.state, SlaClockState::kFulfilled);
    EXPECT_EQ(clock.ended_at, t0 + 2 * kHour);
    EXPECT_FALSE(clock.breached_at);
  }
  EXPECT_EQ(events_.back().kind, SlaEventKind::kFulfilled);
  EXPECT_EQ(events_.back().value, 0);
}

TEST_F(SlaClockTest, AQueuedReplyAnswersOnlyTheClocksBeforeItWhenDelivered) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0)};
  // A paused clock (on hold) runs again from the reply with the time it had left.
  Follow(clocks, ConversationStatus::kOnHold, t0 + 2 * kHour);
  ASSERT_TRUE(AwaitDelivery(policy_, calendar_, clocks, 99, t0 + 3 * kHour, events_));
  EXPECT_EQ(clocks[0].state, SlaClockState::kRunning);
  EXPECT_EQ(clocks[0].due_at, t0 + 25 * kHour);  // 22 h left from 12:00
  EXPECT_TRUE(clocks[0].AwaitingDelivery());
  // The status the reply set leaves an awaiting clock as it is.
  Follow(clocks, ConversationStatus::kResolved, t0 + 3 * kHour);
  EXPECT_EQ(clocks[0].state, SlaClockState::kRunning);
  // The customer writes again before the delivery: that clock is not answered by it.
  clocks.push_back(Start(t0 + 4 * kHour, SlaTarget::kNextResponse));
  ConfirmDelivery(clocks, 99, t0 + 3 * kHour, 5, t0 + 5 * kHour, events_);
  EXPECT_EQ(clocks[0].state, SlaClockState::kFulfilled);
  EXPECT_EQ(clocks[0].ended_at, t0 + 5 * kHour);
  EXPECT_EQ(clocks[0].fulfilled_by, 5);
  EXPECT_EQ(clocks[1].state, SlaClockState::kRunning);
  EXPECT_FALSE(clocks[1].answer_message_id);
}

TEST_F(SlaClockTest, AnUndeliveredReplyRunsItsClocksAgainWithTheirDeadlines) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0), Start(t0 + kHour)};
  ASSERT_TRUE(AwaitDelivery(policy_, calendar_, clocks, 99, t0 + 2 * kHour, events_));
  ConfirmDelivery(clocks, 99, t0 + 2 * kHour, 5, t0 + 2 * kHour, events_);
  const auto before = clocks;
  // Bounced the next day: both were never answered; the first is late by now.
  EXPECT_EQ(ReopenClocks(policy_, clocks, 99, t0 + 30 * kHour, events_), 2);
  for (size_t i = 0; i < clocks.size(); ++i) {
    EXPECT_EQ(clocks[i].state, SlaClockState::kRunning);
    EXPECT_EQ(clocks[i].due_at, before[i].due_at);
    EXPECT_FALSE(clocks[i].ended_at);
    EXPECT_FALSE(clocks[i].fulfilled_by);
    EXPECT_FALSE(clocks[i].answer_message_id);
    EXPECT_TRUE(clocks[i].alert_at);  // the sweep records the breach at the deadline
  }
  EXPECT_EQ(events_.back().kind, SlaEventKind::kReopened);
  // Another reply's failure touches none of them.
  EXPECT_EQ(ReopenClocks(policy_, clocks, 100, t0 + 31 * kHour, events_), 0);
}

TEST_F(SlaClockTest, AReplyThatAlsoSetsPendingFulfils) {
  // The service fulfils first, then follows the new status: nothing is left to pause.
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0)};
  FulfillClocks(clocks, t0 + kHour, 5, events_);
  Follow(clocks, ConversationStatus::kPending, t0 + kHour);
  EXPECT_EQ(clocks[0].state, SlaClockState::kFulfilled);
  EXPECT_EQ(KindsOf(events_), (std::vector{SlaEventKind::kStarted, SlaEventKind::kFulfilled}));
}

TEST_F(SlaClockTest, LateReplyRecordsTheBreachAndHowLate) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0)};
  FulfillClocks(clocks, t0 + 26 * kHour, 5, events_);
  ASSERT_TRUE(clocks[0].breached_at);
  EXPECT_EQ(*clocks[0].breached_at, t0 + 24 * kHour);
  EXPECT_EQ(KindsOf(events_), (std::vector{SlaEventKind::kStarted, SlaEventKind::kBreached,
                                           SlaEventKind::kFulfilled}));
  EXPECT_EQ(events_[1].at, t0 + 24 * kHour);
  EXPECT_EQ(events_[2].value, 2 * kHour);
}

TEST_F(SlaClockTest, AnswerExactlyAtTheDueTimeIsInTime) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0)};
  FireAlerts(policy_, clocks, t0 + 24 * kHour, events_);
  FulfillClocks(clocks, t0 + 24 * kHour, 5, events_);
  EXPECT_FALSE(clocks[0].breached_at);
}

TEST_F(SlaClockTest, WarningsFireOnceEachThenTheBreach) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0)};
  EXPECT_EQ(clocks[0].alert_at, t0 + 20 * kHour);  // 4 h left
  FireAlerts(policy_, clocks, t0 + 19 * kHour, events_);
  EXPECT_EQ(events_.size(), 1u);  // too early: nothing
  FireAlerts(policy_, clocks, t0 + 20 * kHour, events_);
  FireAlerts(policy_, clocks, t0 + 20 * kHour + kMinute, events_);  // not twice
  EXPECT_EQ(clocks[0].alert_at, t0 + 23 * kHour);
  FireAlerts(policy_, clocks, t0 + 23 * kHour + kMinute, events_);
  EXPECT_EQ(clocks[0].alert_at, t0 + 24 * kHour + 1);
  FireAlerts(policy_, clocks, t0 + 25 * kHour, events_);
  EXPECT_FALSE(clocks[0].alert_at);  // breached: nothing more to fire
  FireAlerts(policy_, clocks, t0 + 26 * kHour, events_);
  ASSERT_EQ(KindsOf(events_), (std::vector{SlaEventKind::kStarted, SlaEventKind::kWarning,
                                           SlaEventKind::kWarning, SlaEventKind::kBreached}));
  EXPECT_EQ(events_[1].value, 4 * kHour);
  EXPECT_EQ(events_[2].value, kHour);
  EXPECT_EQ(events_[3].at, t0 + 24 * kHour);
  // Still running after the breach: the answer is owed, and its lateness is measured.
  EXPECT_EQ(clocks[0].state, SlaClockState::kRunning);
  EXPECT_EQ(EarliestDue(clocks), t0 + 24 * kHour);
  FulfillClocks(clocks, t0 + 30 * kHour, 5, events_);
  EXPECT_EQ(events_.back().value, 6 * kHour);
  EXPECT_EQ(KindsOf(events_).size(), 5u);  // the breach is not recorded twice
}

TEST_F(SlaClockTest, ALateSweepFiresOnlyTheLatestWarning) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0)};
  FireAlerts(policy_, clocks, t0 + 23 * kHour + 30 * kMinute, events_);
  ASSERT_EQ(events_.size(), 2u);
  EXPECT_EQ(events_[1].value, kHour);
  // A sweep after the due time records the breach and no warning at all.
  events_.clear();
  std::vector<SlaClock> late = {Start(t0)};
  FireAlerts(policy_, late, t0 + 30 * kHour, events_);
  EXPECT_EQ(KindsOf(events_), (std::vector{SlaEventKind::kStarted, SlaEventKind::kBreached}));
}

TEST_F(SlaClockTest, AFinishedClocksResultIsNeverOverwritten) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0)};
  FulfillClocks(clocks, t0 + kHour, 5, events_);
  const SlaClock first = clocks[0];
  // A later message starts a new clock; the service passes old ones along too.
  clocks.push_back(Start(t0 + 2 * kHour, SlaTarget::kNextResponse));
  FulfillClocks(clocks, t0 + 40 * kHour, 5, events_);
  Follow(clocks, ConversationStatus::kResolved, t0 + 41 * kHour);
  FireAlerts(policy_, clocks, t0 + 50 * kHour, events_);
  EXPECT_EQ(clocks[0].state, first.state);
  EXPECT_EQ(clocks[0].ended_at, first.ended_at);
  EXPECT_FALSE(clocks[0].breached_at);
  EXPECT_TRUE(clocks[1].breached_at);
  EXPECT_EQ(clocks[1].state, SlaClockState::kFulfilled);
}

TEST_F(SlaClockTest, RecomputeAfterTheBusinessHoursChange) {
  policy_.counting = SlaCounting::kBusiness;
  policy_.first_response = 4 * kHour;
  SlaClock clock = Start(At("2026-11-24T16:00:00+09:00"));  // Tuesday
  EXPECT_EQ(clock.due_at, At("2026-11-25T12:00:00+09:00"));
  for (int day = 1; day <= 5; ++day) calendar_.weekly[day] = {{9 * 60, 20 * 60}};
  ASSERT_TRUE(RecomputeDue(policy_, calendar_, clock));
  EXPECT_EQ(clock.due_at, At("2026-11-24T20:00:00+09:00"));
  // A calendar clock ignores the business hours.
  policy_.counting = SlaCounting::kCalendar;
  SlaClock calendar_clock = Start(At("2026-11-24T17:00:00+09:00"));
  ASSERT_TRUE(RecomputeDue(policy_, calendar_, calendar_clock));
  EXPECT_EQ(calendar_clock.due_at, At("2026-11-24T21:00:00+09:00"));
}

TEST_F(SlaClockTest, EveryFigureCanBeRecomputedFromTheLog) {
  const Timestamp t0 = At("2026-11-23T09:00:00+09:00");
  std::vector<SlaClock> clocks = {Start(t0)};
  Follow(clocks, ConversationStatus::kOnHold, t0 + 5 * kHour);
  Follow(clocks, ConversationStatus::kOpen, t0 + 30 * kHour);
  FireAlerts(policy_, clocks, t0 + 60 * kHour, events_);
  FulfillClocks(clocks, t0 + 61 * kHour, 5, events_);
  // Replay: running time = sum of the running stretches; due = start + target + paused.
  Timestamp running = 0;
  Timestamp since = 0;
  for (const auto& e : events_) {
    if (e.kind == SlaEventKind::kStarted || e.kind == SlaEventKind::kResumed) since = e.at;
    if (e.kind == SlaEventKind::kPaused || e.kind == SlaEventKind::kFulfilled) {
      running += e.at - since;
    }
  }
  EXPECT_EQ(running, 36 * kHour);
  EXPECT_EQ(events_.back().value, running - policy_.first_response);
  EXPECT_EQ(*clocks[0].breached_at, t0 + 49 * kHour);
}

TEST(SlaUrgencyTest, Levels) {
  const Timestamp now = 1'000'000'000'000;
  EXPECT_EQ(UrgencyOf(std::nullopt, now), "none");
  EXPECT_EQ(UrgencyOf(now - 1, now), "overdue");
  EXPECT_EQ(UrgencyOf(now + 30 * kMinute, now), "under_1h");
  EXPECT_EQ(UrgencyOf(now + 3 * kHour, now), "under_4h");
  EXPECT_EQ(UrgencyOf(now + 5 * kHour, now), "later");
}

TEST(SlaPolicyTest, Validation) {
  SlaPolicy p = DefaultSlaPolicy(1, 1);
  p.warn_before = {kHour, 4 * kHour, kHour};
  ASSERT_TRUE(NormalizeSlaPolicy(p));
  EXPECT_EQ(p.warn_before, (std::vector<Timestamp>{4 * kHour, kHour}));
  p.first_response = 0;
  auto bad = NormalizeSlaPolicy(p);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("first_response_minutes"), std::string::npos);
  p = DefaultSlaPolicy(1, 1);
  p.warn_before = {30 * kHour};
  bad = NormalizeSlaPolicy(p);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("shorter than the shortest target"), std::string::npos);
}

}  // namespace
}  // namespace shopdesk
