#include "services/inbound/deduplicate.h"

namespace shopdesk::services {

Status Deduplicate(InboundItem& item, InboundContext& context) {
  auto existing = context.db->messages().FindByExternalId(context.channel.shop_id,
                                                          context.channel.id, item.external_id);
  if (!existing) return existing.error();
  if (!*existing) return Ok();
  item.done = true;
  item.duplicate = true;
  item.message_id = (*existing)->id;
  item.conversation_id = (*existing)->conversation_id;
  return Ok();
}

}  // namespace shopdesk::services
