#include "services/auto_reply.h"

#include <spdlog/spdlog.h>

#include "channels/channel_adapter.h"
#include "core/away_mode.h"
#include "core/conversation_state.h"
#include "core/mustache.h"
#include "services/customer_names.h"
#include "services/reply_service.h"
#include "services/response_clock.h"

namespace shopdesk::services {

Result<std::string> RenderAwayMessage(store::Database& db, const AwaySettings& settings,
                                      const Conversation* conversation, Timestamp now) {
  const ShopId shop = settings.shop_id;
  auto found = db.shops().Find(shop);
  if (!found) return found.error();
  auto calendar = LoadBusinessCalendar(db, shop);
  if (!calendar) return calendar.error();
  const auto reason = AwayReasonAt(settings, *calendar, now);
  // Promise no later than the response clock: the conversation's due time.
  auto promised = PromisedReplyTime(settings, *calendar, now,
                                    conversation ? conversation->due_at : std::nullopt);
  if (!promised) return promised.error();
  std::string salutation = "お客様";
  if (conversation) {
    auto customer = db.customers().Find(shop, conversation->customer_id);
    if (!customer) return customer.error();
    salutation = Salutation(*customer, /*english=*/false);
  }
  auto compiled =
      MustacheTemplate::Compile(settings.message.empty() ? DefaultAwayMessage() : settings.message);
  if (!compiled) return compiled.error();
  using Map = TemplateValue::Map;
  const TemplateValue data(Map{{"customer", Map{{"salutation", salutation}}},
                               {"shop", Map{{"name", found->name}}},
                               {"reply_by", FormatJapaneseDeadline(*promised, calendar->time_zone)},
                               // A preview while the shop is open shows the most common case.
                               {"away_reason", std::string(AwayReasonJapanese(
                                                   reason.value_or(AwayReason::kOutsideHours)))}});
  return compiled->Render(data, Escaping::kNone);
}

Result<std::optional<Message>> AnswerWhileAway(store::Database& db,
                                               const channels::ChannelRegistry& channels,
                                               const Channel& channel, Conversation& conversation,
                                               const Message& inbound, Timestamp now,
                                               SlaSettingsCache* cache) {
  const ShopId shop = conversation.shop_id;
  if (!AwaitsResponse(conversation) || !CanReply(conversation)) return std::optional<Message>();
  // An automatic answer someone must send by hand answers no one.
  if (!channels.CapabilitiesOf(channel.kind).sends_replies) return std::optional<Message>();
  if (ReasonNotToAutoReply(inbound.flags, inbound.from_address, channel.address)) {
    return std::optional<Message>();
  }
  auto settings = cache ? cache->Away(db, shop) : db.away().FindAway(shop);
  if (!settings) return settings.error();
  if (!*settings) return std::optional<Message>();
  auto calendar = cache ? cache->Calendar(db, shop) : LoadBusinessCalendar(db, shop);
  if (!calendar) return calendar.error();
  if (!IsAway(**settings, *calendar, now)) return std::optional<Message>();
  auto last = db.auto_replies().LastAutoReply(shop, conversation.customer_id);
  if (!last) return last.error();
  if (*last && now - **last < (*settings)->period) return std::optional<Message>();

  auto text = RenderAwayMessage(db, **settings, &conversation, now);
  if (!text) return text.error();
  ReplyDraft draft;
  draft.text = std::move(*text);
  draft.automatic = true;
  auto queued = QueueOutbound(db, channels, conversation, std::nullopt, draft, now);
  if (!queued) {
    if (queued.error().code == ErrorCode::kUnavailable) return queued.error();
    spdlog::info("away message for conversation {} (shop {}) not sent: {}", conversation.id, shop,
                 queued.error().message);
    return std::optional<Message>();
  }
  SHOPDESK_TRY(db.auto_replies().RecordAutoReply(shop, conversation.customer_id, queued->id, now));
  conversation.last_activity_at = now;
  conversation.message_count += 1;
  return std::optional<Message>(std::move(*queued));
}

}  // namespace shopdesk::services
