#include "services/inbound/mark_undelivered.h"

#include "services/live_events.h"
#include "services/response_clock.h"

namespace shopdesk::services {

Status MarkUndeliveredReply(InboundItem& item, InboundContext& context) {
  if (!item.returned_reply) return Ok();
  const Message& reply = *item.returned_reply;
  const ShopId shop = context.channel.shop_id;
  SHOPDESK_TRY(context.db->messages().UpdateDelivery(shop, reply.id, DeliveryState::kFailed,
                                                     reply.attempts, item.undelivered_reason,
                                                     reply.sent_at));
  SHOPDESK_TRY(context.db->channels().UpdateHealth(shop, reply.channel_id, false,
                                                   item.undelivered_reason, context.now));
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
