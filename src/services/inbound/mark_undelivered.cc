#include "services/inbound/mark_undelivered.h"

#include "services/live_events.h"
#include "services/response_clock.h"

namespace shopdesk::services {

Status MarkUndeliveredReply(InboundItem& item, InboundContext& context) {
  if (!item.returned_reply) return Ok();
  const Message& reply = *item.returned_reply;
  const ShopId shop = context.channel.shop_id;
  // The receiving server's own words (a DSN's diagnostic) inside the desk's sentence.
  const std::string reason =
      PackReason(Error(ErrorCode::kInvalidArgument, item.undelivered_reason)
                     .WithReason("delivery.returned", {{"detail", item.undelivered_reason}}));
  SHOPDESK_TRY(context.db->messages().UpdateDelivery(shop, reply.id, DeliveryState::kFailed,
                                                     reply.attempts, item.undelivered_reason,
                                                     reason, reply.sent_at));
  SHOPDESK_TRY(context.db->channels().UpdateHealth(shop, reply.channel_id, false,
                                                   item.undelivered_reason, reason, context.now));
  SHOPDESK_TRY(RecordDeliveryChanged(*context.db, shop, reply.conversation_id, reply.id,
                                     DeliveryState::kFailed, reply.attempts,
                                     item.undelivered_reason, context.now));
  // The reply answered nothing: its clocks run again. The notice is usually filed in
  // the reply's own conversation, which update_conversation writes; another one is
  // written here.
  if (item.conversation.id == reply.conversation_id) {
    return ResponseClock(*context.db, context.settings)
        .OnDeliveryFailed(item.conversation, reply, context.now);
  }
  return SettleDelivery(*context.db, reply, /*delivered=*/false, context.now, context.settings);
}

}  // namespace shopdesk::services
