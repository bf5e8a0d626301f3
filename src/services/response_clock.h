#pragma once

// Runs the response clocks (core/sla_clock.h) of conversations as they change: each
// call belongs inside the write transaction of its change, loads the conversation's
// unfinished clocks, the channel's policy and the shop's calendar, applies the change,
// stores clocks and events, and sets conversation.due_at (the caller then writes the
// conversation). Not thread-safe; one per Database.

#include <map>
#include <optional>
#include <vector>

#include "core/away_mode.h"
#include "core/business_calendar.h"
#include "core/conversation.h"
#include "core/message.h"
#include "core/result.h"
#include "core/sla_clock.h"
#include "core/sla_policy.h"
#include "store/database.h"

namespace shopdesk::services {

// Weekdays 09:00-18:00 in the shop's time zone, closed on national holidays: the hours a
// shop has until it sets its own.
BusinessCalendar DefaultBusinessCalendar(const std::string& time_zone);

// The shop's saved calendar, or the default, in the shop's time zone.
Result<BusinessCalendar> LoadBusinessCalendar(store::Database& db, ShopId shop);
// The channel's saved policy, or the default.
Result<SlaPolicy> LoadSlaPolicy(store::Database& db, ShopId shop, ChannelId channel);

// The settings the response clock and away mode read (policies, calendars, away
// settings), read once per shop and channel for a batch of changes. REQUIRES: used
// inside one transaction that changes none of them (the inbound pipeline's batches).
class SlaSettingsCache {
 public:
  Result<SlaPolicy> Policy(store::Database& db, ShopId shop, ChannelId channel);
  Result<BusinessCalendar> Calendar(store::Database& db, ShopId shop);
  Result<std::optional<AwaySettings>> Away(store::Database& db, ShopId shop);

 private:
  std::map<std::pair<ShopId, ChannelId>, SlaPolicy> policies_;
  std::map<ShopId, BusinessCalendar> calendars_;
  std::map<ShopId, std::optional<AwaySettings>> away_;
};

class ResponseClock {
 public:
  // `cache` (may be null) serves the policy and calendar.
  explicit ResponseClock(store::Database& db, SlaSettingsCache* cache = nullptr)
      : db_(db), cache_(cache) {}

  // A customer's message was stored and `conversation` has its status after it. Paused
  // clocks resume; when `owed` (not auto-submitted, bulk or a bounce) and the
  // conversation awaits an answer, a clock starts at `written`.
  // `new_conversation`: the message started it, so it has no clocks yet.
  Status OnInbound(Conversation& conversation, const Message& message, bool owed, Timestamp written,
                   Timestamp now, bool new_conversation = false);
  // A public reply `reply` was queued and `conversation` has its status after it. A
  // person's reply makes every unfinished clock await its delivery (OnDelivered
  // fulfils them); an automatic one (auto-replies, away mode) never answers.
  Status OnReply(Conversation& conversation, MessageId reply, bool automatic, Timestamp now);
  // The peer accepted `reply` at `delivered`: the clocks it answers are fulfilled at
  // that time, and the conversation's failure mark goes. Automatic replies change
  // nothing but the mark.
  Status OnDelivered(Conversation& conversation, const Message& reply, Timestamp delivered);
  // `reply` did not reach the customer (its delivery failed, or it bounced): the clocks
  // it answered or was to answer run again from their deadlines, and the conversation
  // is open again and marked (MarkDeliveryFailed).
  Status OnDeliveryFailed(Conversation& conversation, const Message& reply, Timestamp now);
  // Status or flags changed: pause, resume or stop.
  Status OnStateChange(Conversation& conversation, Timestamp now);

 private:
  // `answered`: a person replied, so a conversation without clocks owes nothing.
  // `fresh`: the conversation is new and has no clocks to load.
  template <typename Change>
  Status Apply(Conversation& conversation, bool answered, Change&& change, bool fresh = false);

  store::Database& db_;
  SlaSettingsCache* cache_;
};

// The delivery of `reply` was settled at `now`: accepted by the peer (`delivered`) or
// not (failed, bounced). Runs OnDelivered or OnDeliveryFailed on its conversation,
// writes it and tells the desk (conversation.updated). REQUIRES: inside the write
// transaction that records the delivery state.
Status SettleDelivery(store::Database& db, const Message& reply, bool delivered, Timestamp now,
                      SlaSettingsCache* cache = nullptr);

// What a sweep did.
struct SweepCounts {
  int conversations = 0;
  int warnings = 0;
  int breaches = 0;
};

// Fires due warnings and breaches in every shop, in batches of `batch` conversations
// per transaction, each recorded as an SLA event and an "sla.alert" live event.
Result<SweepCounts> SweepResponseClocks(store::Database& db, Timestamp now, int batch = 200);

// Computes the due time of every running business-time clock of the shop again with
// its current calendar, and the due times of their conversations. REQUIRES: inside the
// write transaction that changed the calendar. Returns how many clocks it updated.
Result<std::int64_t> RecomputeBusinessDeadlines(store::Database& db, ShopId shop);

}  // namespace shopdesk::services
