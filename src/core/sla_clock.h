#pragma once

// The response clock. Every inbound customer message that asks for an answer starts one
// clock; the conversation is due when its earliest running clock is. The rules, each
// with a test in sla_clock_test.cc:
//   - a clock runs while the conversation is open (and not spam / no_reply_needed);
//   - it pauses while pending (waiting for the customer) or on hold, keeping the time
//     left, and resumes where it stopped when the conversation is open again;
//   - it stops (no result) on resolved, closed, spam or no_reply_needed;
//   - a public reply by a person answers every unfinished clock of the conversation,
//     also when the same reply sets pending, but only once its delivery is confirmed
//     (the mail server accepted it): until then the clocks keep running, marked as
//     awaiting that reply (AwaitDelivery), and a status the reply set neither pauses
//     nor stops them; the confirmation fulfils them at its own time (ConfirmDelivery);
//     an automatic reply or an internal note never answers;
//   - a reply whose delivery fails, or that bounces later, answered nothing: its clocks
//     run again from their original deadline (ReopenClocks), a fulfilled one too;
//   - otherwise a clock's result (fulfilled, breached, stopped) is final: later clocks
//     are new rows and never overwrite it;
//   - a clock that passes its due time is breached once (at the due time, even when the
//     sweep notices later) and keeps running until answered, so its lateness is known;
//   - every change appends an SlaEvent, so every figure can be recomputed from the log.
// These functions are pure: callers load the unfinished clocks of one conversation,
// apply a change and store the clocks and events they return.

#include <optional>
#include <string_view>
#include <vector>

#include "core/business_calendar.h"
#include "core/conversation.h"
#include "core/ids.h"
#include "core/result.h"
#include "core/sla_policy.h"
#include "core/time.h"

namespace shopdesk {

using SlaClockId = std::int64_t;

enum class SlaTarget { kFirstResponse, kNextResponse };
std::string_view SlaTargetName(SlaTarget target);  // "first_response", "next_response"
std::optional<SlaTarget> ParseSlaTarget(std::string_view name);

enum class SlaClockState { kRunning, kPaused, kFulfilled, kStopped };
std::string_view SlaClockStateName(SlaClockState state);
std::optional<SlaClockState> ParseSlaClockState(std::string_view name);

struct SlaClock {
  ShopId shop_id = 0;
  SlaClockId id = 0;  // 0 until stored
  ConversationId conversation_id = 0;
  MessageId message_id = 0;  // the inbound message owed an answer
  ChannelId channel_id = 0;  // the conversation's channel, whose policy applies
  SlaTarget target = SlaTarget::kFirstResponse;
  SlaCounting counting = SlaCounting::kCalendar;
  SlaClockState state = SlaClockState::kRunning;
  Timestamp started_at = 0;              // when the customer wrote
  Timestamp budget = 0;                  // counted time left at running_since (or since the pause)
  Timestamp running_since = 0;           // meaningful while running
  Timestamp due_at = 0;                  // the latest computed due time (kept after the clock ends)
  std::optional<Timestamp> breached_at;  // the due time it passed unanswered; set once
  std::optional<Timestamp> ended_at;     // fulfilled or stopped
  std::optional<AgentId> fulfilled_by;   // whose reply answered it
  // The reply that answers this clock: awaiting its delivery while the clock is still
  // unfinished, the one delivered once fulfilled. nullopt: no reply yet.
  std::optional<MessageId> answer_message_id;
  int warnings_fired = 0;             // how many of the policy's warn_before have fired
  std::optional<Timestamp> alert_at;  // the next warning or breach; none when idle

  bool Finished() const {
    return state == SlaClockState::kFulfilled || state == SlaClockState::kStopped;
  }
  // Running (or paused) with a reply on its way that will answer it when delivered.
  bool AwaitingDelivery() const { return !Finished() && answer_message_id.has_value(); }
  bool operator==(const SlaClock&) const = default;
};

enum class SlaEventKind {
  kStarted,
  kPaused,
  kResumed,
  kWarning,
  kBreached,
  kFulfilled,
  kStopped,
  kReopened,  // the reply that answered (or was to answer) it was not delivered
};
std::string_view SlaEventKindName(SlaEventKind kind);
std::optional<SlaEventKind> ParseSlaEventKind(std::string_view name);

struct SlaEvent {
  ShopId shop_id = 0;
  std::int64_t id = 0;  // 0 until stored
  ConversationId conversation_id = 0;
  MessageId message_id = 0;
  SlaTarget target = SlaTarget::kFirstResponse;
  SlaEventKind kind = SlaEventKind::kStarted;
  Timestamp at = 0;      // breached: the due time passed; others: when it happened
  Timestamp due_at = 0;  // the clock's due time after the event
  // warning: time left (ms) the warning was set for; paused: counted time left;
  // fulfilled: how late the answer was (0 when in time); others 0.
  Timestamp value = 0;
};

// Counts target time: calendar time, or business time of a calendar.
class TargetTime {
 public:
  static TargetTime Calendar() { return TargetTime(nullptr); }
  // REQUIRES: ValidateCalendar(*calendar), and *calendar outlives this object.
  static TargetTime Business(const BusinessCalendar* calendar) { return TargetTime(calendar); }
  static TargetTime For(SlaCounting counting, const BusinessCalendar* calendar) {
    return counting == SlaCounting::kBusiness ? Business(calendar) : Calendar();
  }

  // The instant `amount` of counted time after `start`; Unavailable when a calendar has
  // no opening within ten years.
  Result<Timestamp> Add(Timestamp start, Timestamp amount) const;
  Timestamp Between(Timestamp from, Timestamp to) const;

 private:
  explicit TargetTime(const BusinessCalendar* calendar) : calendar_(calendar) {}
  const BusinessCalendar* calendar_;
};

// A new running clock for inbound `message` written at `written` (its channel is the
// policy's), with a started
// event. The target's length and counting come from `policy`. Every function below
// counts a clock's time in the counting it started with; `calendar` is the shop's
// business calendar (ValidateCalendar passed).
Result<SlaClock> StartClock(const SlaPolicy& policy, const BusinessCalendar& calendar,
                            ConversationId conversation, MessageId message, SlaTarget target,
                            Timestamp written, Timestamp now, std::vector<SlaEvent>& events);

// A public reply by `agent` at `now`: every unfinished clock is fulfilled (breached
// first when it was already past due and the sweep had not noticed).
void FulfillClocks(std::vector<SlaClock>& clocks, Timestamp now, std::optional<AgentId> agent,
                   std::vector<SlaEvent>& events);

// A person's reply `reply` was queued at `now`: every unfinished clock awaits its
// delivery. A paused clock runs again from `now` with the time it had left (the
// conversation is being answered), so a failed delivery leaves it running.
Status AwaitDelivery(const SlaPolicy& policy, const BusinessCalendar& calendar,
                     std::vector<SlaClock>& clocks, MessageId reply, Timestamp now,
                     std::vector<SlaEvent>& events);

// The peer accepted reply `reply` (written by `agent` at `written`) at `delivered`:
// every unfinished clock that started by `written` is fulfilled at `delivered`, and
// records `reply` as its answer.
void ConfirmDelivery(std::vector<SlaClock>& clocks, MessageId reply, Timestamp written,
                     std::optional<AgentId> agent, Timestamp delivered,
                     std::vector<SlaEvent>& events);

// Reply `reply` was not delivered (it failed, or bounced after it was accepted): every
// clock it answered or was to answer runs again, with the due time it had, as if no
// reply had been written. Returns how many clocks it reopened.
int ReopenClocks(const SlaPolicy& policy, std::vector<SlaClock>& clocks, MessageId reply,
                 Timestamp now, std::vector<SlaEvent>& events);

// Brings the clocks in line with the conversation's state at `now`: stop when it no
// longer awaits an answer for good (resolved, closed, spam, no_reply_needed), pause
// while pending or on hold, resume when open again. A clock awaiting the delivery of
// a reply is left as it is: the delivery decides it.
Status FollowConversation(const SlaPolicy& policy, const BusinessCalendar& calendar,
                          std::vector<SlaClock>& clocks, const Conversation& conversation,
                          Timestamp now, std::vector<SlaEvent>& events);

// Fires the warnings and breaches that are due at `now` on running clocks. Only the
// latest passed warning fires when several passed at once; none fires once breached.
void FireAlerts(const SlaPolicy& policy, std::vector<SlaClock>& clocks, Timestamp now,
                std::vector<SlaEvent>& events);

// A running clock's due time computed again (after the business hours changed), in
// the counting the clock started with. Fires nothing: the next sweep does.
Status RecomputeDue(const SlaPolicy& policy, const BusinessCalendar& calendar, SlaClock& clock);

// The earliest due time among running clocks; the conversation's due_at.
std::optional<Timestamp> EarliestDue(const std::vector<SlaClock>& clocks);

// How urgent an answer is at `now`: "overdue", "under_1h", "under_4h", "later", or
// "none" without a due time.
std::string_view UrgencyOf(std::optional<Timestamp> due_at, Timestamp now);

}  // namespace shopdesk
