#include "services/response_clock.h"

#include <algorithm>
#include <map>

#include "core/conversation_state.h"
#include "services/live_events.h"

namespace shopdesk::services {

BusinessCalendar DefaultBusinessCalendar(const std::string& time_zone) {
  BusinessCalendar calendar;
  calendar.time_zone = time_zone;
  for (int day = 1; day <= 5; ++day) calendar.weekly[day] = {{9 * 60, 18 * 60}};
  return calendar;
}

Result<BusinessCalendar> LoadBusinessCalendar(store::Database& db, ShopId shop) {
  auto found = db.shops().Find(shop);
  if (!found) return found.error();
  auto saved = db.calendars().FindCalendar(shop);
  if (!saved) return saved.error();
  if (!*saved) return DefaultBusinessCalendar(found->time_zone);
  BusinessCalendar calendar = std::move(**saved);
  calendar.time_zone = found->time_zone;
  return calendar;
}

Result<SlaPolicy> LoadSlaPolicy(store::Database& db, ShopId shop, ChannelId channel) {
  auto saved = db.sla_policies().FindPolicy(shop, channel);
  if (!saved) return saved.error();
  return saved->value_or(DefaultSlaPolicy(shop, channel));
}

Result<SlaPolicy> SlaSettingsCache::Policy(store::Database& db, ShopId shop, ChannelId channel) {
  auto it = policies_.find({shop, channel});
  if (it != policies_.end()) return it->second;
  auto loaded = LoadSlaPolicy(db, shop, channel);
  if (!loaded) return loaded.error();
  return policies_.emplace(std::pair{shop, channel}, std::move(*loaded)).first->second;
}

Result<BusinessCalendar> SlaSettingsCache::Calendar(store::Database& db, ShopId shop) {
  auto it = calendars_.find(shop);
  if (it != calendars_.end()) return it->second;
  auto loaded = LoadBusinessCalendar(db, shop);
  if (!loaded) return loaded.error();
  return calendars_.emplace(shop, std::move(*loaded)).first->second;
}

Result<std::optional<AwaySettings>> SlaSettingsCache::Away(store::Database& db, ShopId shop) {
  auto it = away_.find(shop);
  if (it != away_.end()) return it->second;
  auto loaded = db.away().FindAway(shop);
  if (!loaded) return loaded.error();
  return away_.emplace(shop, std::move(*loaded)).first->second;
}

template <typename Change>
Status ResponseClock::Apply(Conversation& conversation, bool answered, Change&& change,
                            bool fresh) {
  auto policy = cache_ ? cache_->Policy(db_, conversation.shop_id, conversation.channel_id)
                       : LoadSlaPolicy(db_, conversation.shop_id, conversation.channel_id);
  if (!policy) return policy.error();
  auto calendar = cache_ ? cache_->Calendar(db_, conversation.shop_id)
                         : LoadBusinessCalendar(db_, conversation.shop_id);
  if (!calendar) return calendar.error();
  auto clocks = fresh ? Result<std::vector<SlaClock>>(std::vector<SlaClock>())
                      : db_.sla_clocks().UnfinishedClocks(conversation.shop_id, conversation.id);
  if (!clocks) return clocks.error();
  std::vector<SlaEvent> events;
  const std::vector<SlaClock> loaded = *clocks;
  SHOPDESK_TRY(change(*policy, *calendar, *clocks, events));
  // Only new and changed clocks are written: a long thread of unanswered mails keeps
  // many running clocks that one more mail leaves as they are.
  std::vector<SlaClock> changed;
  for (const auto& clock : *clocks) {
    const auto before = std::find_if(loaded.begin(), loaded.end(),
                                     [&](const SlaClock& c) { return c.id == clock.id; });
    if (clock.id == 0 || before == loaded.end() || !(*before == clock)) changed.push_back(clock);
  }
  SHOPDESK_TRY(db_.sla_clocks().SaveClocks(changed));
  SHOPDESK_TRY(db_.sla_clocks().AppendEvents(events));
  if (!clocks->empty()) {
    conversation.due_at = EarliestDue(*clocks);
  } else if (answered || !AwaitsResponse(conversation)) {
    // No clocks: a conversation from before they existed keeps its due time until it is
    // answered or stops awaiting an answer.
    conversation.due_at.reset();
  }
  return Ok();
}

Status ResponseClock::OnInbound(Conversation& conversation, const Message& message, bool owed,
                                Timestamp written, Timestamp now, bool new_conversation) {
  return Apply(
      conversation, /*answered=*/false,
      [&](const SlaPolicy& policy, const BusinessCalendar& calendar, std::vector<SlaClock>& clocks,
          std::vector<SlaEvent>& events) -> Status {
        SHOPDESK_TRY(FollowConversation(policy, calendar, clocks, conversation, now, events));
        if (!owed || !AwaitsResponse(conversation)) return Ok();
        auto answered = new_conversation ? Result<bool>(false)
                                         : db_.sla_clocks().HasFulfilledClock(conversation.shop_id,
                                                                              conversation.id);
        if (!answered) return answered.error();
        const SlaTarget target = *answered ? SlaTarget::kNextResponse : SlaTarget::kFirstResponse;
        auto clock =
            StartClock(policy, calendar, conversation.id, message.id, target, written, now, events);
        if (!clock) return clock.error();
        clocks.push_back(std::move(*clock));
        return Ok();
      },
      new_conversation);
}

Status ResponseClock::OnReply(Conversation& conversation, MessageId reply, bool automatic,
                              Timestamp now) {
  return Apply(conversation, /*answered=*/!automatic,
               [&](const SlaPolicy& policy, const BusinessCalendar& calendar,
                   std::vector<SlaClock>& clocks, std::vector<SlaEvent>& events) -> Status {
                 // Amazon does not count auto-responders as responses; neither do we.
                 if (!automatic) {
                   SHOPDESK_TRY(AwaitDelivery(policy, calendar, clocks, reply, now, events));
                 }
                 return FollowConversation(policy, calendar, clocks, conversation, now, events);
               });
}

Status ResponseClock::OnDelivered(Conversation& conversation, const Message& reply,
                                  Timestamp delivered) {
  // An automatic answer reaching the customer does not mean the shop's reply did.
  if (reply.flags.auto_submitted) return Ok();
  conversation.delivery_failed_at.reset();
  return Apply(conversation, /*answered=*/true,
               [&](const SlaPolicy& policy, const BusinessCalendar& calendar,
                   std::vector<SlaClock>& clocks, std::vector<SlaEvent>& events) {
                 ConfirmDelivery(clocks, reply.id, reply.created_at, reply.author_agent_id,
                                 delivered, events);
                 return FollowConversation(policy, calendar, clocks, conversation, delivered,
                                           events);
               });
}

Status ResponseClock::OnDeliveryFailed(Conversation& conversation, const Message& reply,
                                       Timestamp now) {
  // An automatic answer that bounced owes nothing and needs no one's attention.
  if (reply.flags.auto_submitted) return Ok();
  MarkDeliveryFailed(conversation, now);
  auto policy = cache_ ? cache_->Policy(db_, conversation.shop_id, conversation.channel_id)
                       : LoadSlaPolicy(db_, conversation.shop_id, conversation.channel_id);
  if (!policy) return policy.error();
  // The clocks it answered may be finished, so they are not among the unfinished
  // ones Apply loads: run them again first, then follow the reopened conversation.
  auto answered =
      db_.sla_clocks().ClocksAnsweredBy(conversation.shop_id, conversation.id, reply.id);
  if (!answered) return answered.error();
  std::vector<SlaEvent> events;
  if (ReopenClocks(*policy, *answered, reply.id, now, events) > 0) {
    SHOPDESK_TRY(db_.sla_clocks().SaveClocks(*answered));
    SHOPDESK_TRY(db_.sla_clocks().AppendEvents(events));
  }
  return OnStateChange(conversation, now);
}

Status ResponseClock::OnStateChange(Conversation& conversation, Timestamp now) {
  return Apply(conversation, /*answered=*/false,
               [&](const SlaPolicy& policy, const BusinessCalendar& calendar,
                   std::vector<SlaClock>& clocks, std::vector<SlaEvent>& events) {
                 return FollowConversation(policy, calendar, clocks, conversation, now, events);
               });
}

Status SettleDelivery(store::Database& db, const Message& reply, bool delivered, Timestamp now,
                      SlaSettingsCache* cache) {
  auto conversation = db.conversations().Find(reply.shop_id, reply.conversation_id);
  if (!conversation) return conversation.error();
  ResponseClock clocks(db, cache);
  SHOPDESK_TRY(delivered ? clocks.OnDelivered(*conversation, reply, now)
                         : clocks.OnDeliveryFailed(*conversation, reply, now));
  SHOPDESK_TRY(db.conversations().Update(*conversation));
  return RecordConversationUpdated(db, *conversation, now);
}

Result<SweepCounts> SweepResponseClocks(store::Database& db, Timestamp now, int batch) {
  SweepCounts counts;
  auto tx = db.BeginWrite();
  if (!tx) return tx.error();
  auto due = db.sla_clocks().DueForAlerts(now, batch);
  if (!due) return due.error();
  std::map<std::pair<ShopId, ChannelId>, SlaPolicy> policies;
  for (const auto& [shop, conversation] : *due) {
    auto clocks = db.sla_clocks().UnfinishedClocks(shop, conversation);
    if (!clocks) return clocks.error();
    if (clocks->empty()) continue;
    const ChannelId channel = clocks->front().channel_id;
    auto cached = policies.find({shop, channel});
    if (cached == policies.end()) {
      auto policy = LoadSlaPolicy(db, shop, channel);
      if (!policy) return policy.error();
      cached = policies.emplace(std::pair{shop, channel}, std::move(*policy)).first;
    }
    std::vector<SlaEvent> events;
    FireAlerts(cached->second, *clocks, now, events);
    SHOPDESK_TRY(db.sla_clocks().SaveClocks(*clocks));
    SHOPDESK_TRY(db.sla_clocks().AppendEvents(events));
    for (const auto& e : events) {
      SHOPDESK_TRY(RecordSlaAlert(db, e, now));
      if (e.kind == SlaEventKind::kWarning) ++counts.warnings;
      if (e.kind == SlaEventKind::kBreached) ++counts.breaches;
    }
    ++counts.conversations;
  }
  SHOPDESK_TRY((*tx)->Commit());
  return counts;
}

Result<std::int64_t> RecomputeBusinessDeadlines(store::Database& db, ShopId shop) {
  auto calendar = LoadBusinessCalendar(db, shop);
  if (!calendar) return calendar.error();
  std::map<ChannelId, SlaPolicy> policies;
  std::int64_t updated = 0;
  SlaClockId after = 0;
  constexpr int kPage = 5000;
  for (;;) {
    auto clocks = db.sla_clocks().RunningBusinessClocks(shop, after, kPage);
    if (!clocks) return clocks.error();
    if (clocks->empty()) break;
    std::vector<ConversationId> conversations;
    for (auto& clock : *clocks) {
      auto cached = policies.find(clock.channel_id);
      if (cached == policies.end()) {
        auto policy = LoadSlaPolicy(db, shop, clock.channel_id);
        if (!policy) return policy.error();
        cached = policies.emplace(clock.channel_id, std::move(*policy)).first;
      }
      SHOPDESK_TRY(RecomputeDue(cached->second, *calendar, clock));
      conversations.push_back(clock.conversation_id);
    }
    SHOPDESK_TRY(db.sla_clocks().SaveDueTimes(shop, *clocks));
    std::sort(conversations.begin(), conversations.end());
    conversations.erase(std::unique(conversations.begin(), conversations.end()),
                        conversations.end());
    SHOPDESK_TRY(db.sla_clocks().RefreshConversationDue(shop, conversations));
    updated += static_cast<std::int64_t>(clocks->size());
    after = clocks->back().id;
  }
  return updated;
}

}  // namespace shopdesk::services
