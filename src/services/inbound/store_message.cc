#include "services/inbound/store_message.h"

#include "core/digest.h"

namespace shopdesk::services {

Status StoreInboundMessage(InboundItem& item, InboundContext& context) {
  const ShopId shop = context.channel.shop_id;
  const channels::InboundMessage& in = item.message;
  Message message;
  message.shop_id = shop;
  message.conversation_id = item.conversation.id;
  message.channel_id = context.channel.id;
  message.direction = Direction::kInbound;
  message.from_name = item.party.name;
  message.from_address = item.customer.id != 0 ? item.customer.email : item.party.address;
  message.to_address = in.to_address;
  message.subject = in.subject;
  message.text = in.text;
  message.html = in.html;
  message.external_id = item.external_id;
  message.in_reply_to = in.in_reply_to;
  message.references = in.references;
  message.flags = in.flags;
  message.decode_note = in.decode_note;
  message.created_at = context.now;
  message.sent_at = in.date.value_or(context.now);
  message.raw_sha256 = item.raw_sha256;
  SHOPDESK_TRY(context.db->blobs().Put(shop, message.raw_sha256, in.raw));
  for (const auto& part : in.attachments) {
    Attachment attachment;
    attachment.filename = part.filename;
    attachment.content_type = part.content_type;
    attachment.size = part.size;
    attachment.content_id = part.content_id;
    attachment.inline_part = part.inline_part;
    if (!part.dropped) {
      attachment.sha256 = Sha256Hex(part.data);
      SHOPDESK_TRY(context.db->blobs().Put(shop, attachment.sha256, part.data));
    }
    message.attachments.push_back(std::move(attachment));
  }
  auto stored = context.db->messages().Insert(message);
  if (!stored) return stored.error();
  item.stored = std::move(*stored);
  item.message_id = item.stored.id;
  item.conversation_id = item.conversation.id;
  return Ok();
}

}  // namespace shopdesk::services
