#include "services/inbound/thread_conversation.h"

namespace shopdesk::services {
namespace {

// The conversation an existing one's rules find, or nullopt.
Result<std::optional<Conversation>> FindByRules(const InboundItem& item, InboundContext& context) {
  const ShopId shop = context.channel.shop_id;
  auto& conversations = context.db->conversations();
  if (item.returned_reply) {
    auto found = conversations.Find(shop, item.returned_reply->conversation_id);
    if (!found) return found.error();
    if (MayJoin(*found)) return std::optional<Conversation>(std::move(*found));
    return std::optional<Conversation>();
  }
  const ThreadingKeys& keys = item.keys;
  if (!keys.referenced_ids.empty()) {
    auto found = conversations.FindByMessageIds(shop, keys.referenced_ids);
    if (!found) return found.error();
    if (*found && MayJoin(**found)) return found;
  }
  if (!keys.order_id.empty()) {
    auto found = conversations.FindOpenByOrderId(shop, keys.order_id);
    if (!found) return found.error();
    if (*found && MayJoin(**found)) return found;
  }
  if (!keys.normalized_subject.empty()) {
    const ThreadingPolicy& policy = context.options.threading;
    auto found = conversations.FindRecentBySubject(shop, item.customer.id, keys.normalized_subject,
                                                   context.now - policy.subject_window);
    if (!found) return found.error();
    if (*found &&
        MayJoinBySubject(**found, item.customer.id, keys.normalized_subject, context.now, policy)) {
      return found;
    }
  }
  return std::optional<Conversation>();
}

}  // namespace

Status ThreadConversation(InboundItem& item, InboundContext& context) {
  auto found = FindByRules(item, context);
  if (!found) return found.error();
  if (*found) {
    item.conversation = std::move(**found);
    item.started = false;
    return Ok();
  }
  Conversation conversation;
  conversation.shop_id = context.channel.shop_id;
  conversation.channel_id = context.channel.id;
  conversation.customer_id = item.customer.id;
  conversation.subject = item.message.subject;
  conversation.normalized_subject = item.keys.normalized_subject;
  conversation.order_id = item.keys.order_id;
  conversation.no_reply_needed =
      item.sender_kind == SenderKind::kBounce || item.sender_kind == SenderKind::kMarketplaceNotice;
  conversation.created_at = context.now;
  conversation.last_activity_at = context.now;
  auto created = context.db->conversations().Create(conversation);
  if (!created) return created.error();
  item.conversation = std::move(*created);
  item.started = true;
  return Ok();
}

}  // namespace shopdesk::services
