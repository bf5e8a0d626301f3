#include "core/sla_clock.h"

#include <algorithm>
#include <array>

namespace shopdesk {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> ParseName(std::string_view name, const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 2> kTargetNames = {"first_response", "next_response"};
constexpr std::array<std::string_view, 4> kStateNames = {"running", "paused", "fulfilled",
                                                         "stopped"};
constexpr std::array<std::string_view, 8> kEventNames = {
    "started", "paused", "resumed", "warning", "breached", "fulfilled", "stopped", "reopened"};

SlaEvent EventOf(const SlaClock& clock, SlaEventKind kind, Timestamp at, Timestamp value = 0) {
  SlaEvent e;
  e.shop_id = clock.shop_id;
  e.conversation_id = clock.conversation_id;
  e.message_id = clock.message_id;
  e.target = clock.target;
  e.kind = kind;
  e.at = at;
  e.due_at = clock.due_at;
  e.value = value;
  return e;
}

TargetTime TimeOf(const SlaClock& clock, const BusinessCalendar& calendar) {
  return TargetTime::For(clock.counting, &calendar);
}

// The next instant FireAlerts has work on this clock: the next warning, or the first
// millisecond after the due time; none once breached or not running.
void ScheduleAlert(const SlaPolicy& policy, SlaClock& clock) {
  clock.alert_at.reset();
  if (clock.state != SlaClockState::kRunning || clock.breached_at) return;
  Timestamp next = clock.due_at + 1;
  const auto& warn = policy.warn_before;
  if (clock.warnings_fired < static_cast<int>(warn.size())) {
    next = std::min(next, clock.due_at - warn[clock.warnings_fired]);
  }
  clock.alert_at = next;
}

// Records the breach the sweep has not seen yet, before a clock stops running at `now`.
void CatchUpBreach(SlaClock& clock, Timestamp now, std::vector<SlaEvent>& events) {
  if (clock.state == SlaClockState::kRunning && !clock.breached_at && now > clock.due_at) {
    clock.breached_at = clock.due_at;
    events.push_back(EventOf(clock, SlaEventKind::kBreached, clock.due_at));
  }
}

// A paused clock runs again from `now` with the time it had left.
Status Resume(const SlaPolicy& policy, const BusinessCalendar& calendar, SlaClock& clock,
              Timestamp now, std::vector<SlaEvent>& events) {
  clock.state = SlaClockState::kRunning;
  clock.running_since = now;
  auto due = TimeOf(clock, calendar).Add(now, clock.budget);
  if (!due) return due.error();
  clock.due_at = *due;
  ScheduleAlert(policy, clock);
  events.push_back(EventOf(clock, SlaEventKind::kResumed, now, clock.budget));
  return Ok();
}

}  // namespace

std::string_view SlaTargetName(SlaTarget target) { return kTargetNames[static_cast<int>(target)]; }
std::optional<SlaTarget> ParseSlaTarget(std::string_view name) {
  return ParseName<SlaTarget>(name, kTargetNames);
}
std::string_view SlaClockStateName(SlaClockState state) {
  return kStateNames[static_cast<int>(state)];
}
std::optional<SlaClockState> ParseSlaClockState(std::string_view name) {
  return ParseName<SlaClockState>(name, kStateNames);
}
std::string_view SlaEventKindName(SlaEventKind kind) { return kEventNames[static_cast<int>(kind)]; }
std::optional<SlaEventKind> ParseSlaEventKind(std::string_view name) {
  return ParseName<SlaEventKind>(name, kEventNames);
}

Result<Timestamp> TargetTime::Add(Timestamp start, Timestamp amount) const {
  if (!calendar_) return start + amount;
  return AddBusinessTime(*calendar_, start, amount);
}

Timestamp TargetTime::Between(Timestamp from, Timestamp to) const {
  if (!calendar_) return std::max<Timestamp>(0, to - from);
  return BusinessTimeBetween(*calendar_, from, to);
}

Result<SlaClock> StartClock(const SlaPolicy& policy, const BusinessCalendar& calendar,
                            ConversationId conversation, MessageId message, SlaTarget target,
                            Timestamp written, Timestamp /*now*/, std::vector<SlaEvent>& events) {
  SlaClock clock;
  clock.shop_id = policy.shop_id;
  clock.conversation_id = conversation;
  clock.message_id = message;
  clock.channel_id = policy.channel_id;
  clock.target = target;
  clock.counting = policy.counting;
  clock.state = SlaClockState::kRunning;
  clock.started_at = written;
  clock.running_since = written;
  clock.budget = target == SlaTarget::kFirstResponse ? policy.first_response : policy.next_response;
  auto due = TimeOf(clock, calendar).Add(written, clock.budget);
  if (!due) return due.error();
  clock.due_at = *due;
  ScheduleAlert(policy, clock);
  events.push_back(EventOf(clock, SlaEventKind::kStarted, written, clock.budget));
  return clock;
}

namespace {

void Fulfill(SlaClock& clock, Timestamp now, std::optional<AgentId> agent,
             std::vector<SlaEvent>& events) {
  CatchUpBreach(clock, now, events);
  clock.state = SlaClockState::kFulfilled;
  clock.ended_at = now;
  clock.fulfilled_by = agent;
  clock.alert_at.reset();
  const Timestamp late = clock.breached_at ? now - *clock.breached_at : 0;
  events.push_back(EventOf(clock, SlaEventKind::kFulfilled, now, late));
}

}  // namespace

void FulfillClocks(std::vector<SlaClock>& clocks, Timestamp now, std::optional<AgentId> agent,
                   std::vector<SlaEvent>& events) {
  for (auto& clock : clocks) {
    if (!clock.Finished()) Fulfill(clock, now, agent, events);
  }
}

Status AwaitDelivery(const SlaPolicy& policy, const BusinessCalendar& calendar,
                     std::vector<SlaClock>& clocks, MessageId reply, Timestamp now,
                     std::vector<SlaEvent>& events) {
  for (auto& clock : clocks) {
    if (clock.Finished()) continue;
    if (clock.state == SlaClockState::kPaused) {
      SHOPDESK_TRY(Resume(policy, calendar, clock, now, events));
    }
    clock.answer_message_id = reply;
  }
  return Ok();
}

void ConfirmDelivery(std::vector<SlaClock>& clocks, MessageId reply, Timestamp written,
                     std::optional<AgentId> agent, Timestamp delivered,
                     std::vector<SlaEvent>& events) {
  for (auto& clock : clocks) {
    if (clock.Finished() || clock.started_at > written) continue;
    clock.answer_message_id = reply;
    Fulfill(clock, delivered, agent, events);
  }
}

int ReopenClocks(const SlaPolicy& policy, std::vector<SlaClock>& clocks, MessageId reply,
                 Timestamp now, std::vector<SlaEvent>& events) {
  int reopened = 0;
  for (auto& clock : clocks) {
    if (clock.answer_message_id != reply || clock.state == SlaClockState::kStopped) continue;
    // A fulfilled clock kept the budget and running_since it ran with, so running it
    // again gives back its original due time.
    if (clock.state == SlaClockState::kFulfilled) clock.state = SlaClockState::kRunning;
    clock.ended_at.reset();
    clock.fulfilled_by.reset();
    clock.answer_message_id.reset();
    ScheduleAlert(policy, clock);
    events.push_back(EventOf(clock, SlaEventKind::kReopened, now));
    ++reopened;
  }
  return reopened;
}

Status FollowConversation(const SlaPolicy& policy, const BusinessCalendar& calendar,
                          std::vector<SlaClock>& clocks, const Conversation& conversation,
                          Timestamp now, std::vector<SlaEvent>& events) {
  const ConversationStatus status = conversation.status;
  const bool stop = status == ConversationStatus::kResolved ||
                    status == ConversationStatus::kClosed || conversation.spam ||
                    conversation.no_reply_needed;
  const bool pause =
      status == ConversationStatus::kPending || status == ConversationStatus::kOnHold;
  for (auto& clock : clocks) {
    if (clock.Finished() || clock.AwaitingDelivery()) continue;
    if (stop) {
      CatchUpBreach(clock, now, events);
      clock.state = SlaClockState::kStopped;
      clock.ended_at = now;
      clock.alert_at.reset();
      events.push_back(EventOf(clock, SlaEventKind::kStopped, now));
    } else if (pause && clock.state == SlaClockState::kRunning) {
      CatchUpBreach(clock, now, events);
      const Timestamp used = TimeOf(clock, calendar).Between(clock.running_since, now);
      clock.budget = std::max<Timestamp>(0, clock.budget - used);
      clock.state = SlaClockState::kPaused;
      clock.alert_at.reset();
      events.push_back(EventOf(clock, SlaEventKind::kPaused, now, clock.budget));
    } else if (!pause && clock.state == SlaClockState::kPaused) {
      SHOPDESK_TRY(Resume(policy, calendar, clock, now, events));
    }
  }
  return Ok();
}

void FireAlerts(const SlaPolicy& policy, std::vector<SlaClock>& clocks, Timestamp now,
                std::vector<SlaEvent>& events) {
  const auto& warn = policy.warn_before;
  for (auto& clock : clocks) {
    if (clock.state != SlaClockState::kRunning || clock.breached_at) continue;
    if (now > clock.due_at) {
      CatchUpBreach(clock, now, events);
      clock.warnings_fired = static_cast<int>(warn.size());
    } else {
      int passed = clock.warnings_fired;
      while (passed < static_cast<int>(warn.size()) && clock.due_at - warn[passed] <= now) {
        ++passed;
      }
      if (passed > clock.warnings_fired) {
        events.push_back(EventOf(clock, SlaEventKind::kWarning, now, warn[passed - 1]));
        clock.warnings_fired = passed;
      }
    }
    ScheduleAlert(policy, clock);
  }
}

Status RecomputeDue(const SlaPolicy& policy, const BusinessCalendar& calendar, SlaClock& clock) {
  if (clock.state != SlaClockState::kRunning) return Ok();
  auto due = TimeOf(clock, calendar).Add(clock.running_since, clock.budget);
  if (!due) return due.error();
  clock.due_at = *due;
  ScheduleAlert(policy, clock);
  return Ok();
}

std::optional<Timestamp> EarliestDue(const std::vector<SlaClock>& clocks) {
  std::optional<Timestamp> earliest;
  for (const auto& clock : clocks) {
    if (clock.state != SlaClockState::kRunning) continue;
    if (!earliest || clock.due_at < *earliest) earliest = clock.due_at;
  }
  return earliest;
}

std::string_view UrgencyOf(std::optional<Timestamp> due_at, Timestamp now) {
  if (!due_at) return "none";
  const Timestamp left = *due_at - now;
  if (left < 0) return "overdue";
  if (left < kMillisPerHour) return "under_1h";
  if (left < 4 * kMillisPerHour) return "under_4h";
  return "later";
}

}  // namespace shopdesk
