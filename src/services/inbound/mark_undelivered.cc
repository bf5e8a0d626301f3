#include "services/inbound/mark_undelivered.h"

#include "services/live_events.h"

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
  return RecordDeliveryChanged(*context.db, shop, reply.conversation_id, reply.id,
                               DeliveryState::kFailed, reply.attempts, item.undelivered_reason,
                               context.now);
}

}  // namespace shopdesk::services
