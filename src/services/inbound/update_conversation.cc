#include "services/inbound/update_conversation.h"

#include "core/conversation_state.h"
#include "services/response_clock.h"

namespace shopdesk::services {

Status UpdateConversation(InboundItem& item, InboundContext& context) {
  const Timestamp now = context.now;
  Conversation& c = item.conversation;
  SetStatus(c, StatusAfterInbound(c.status), now);
  c.last_activity_at = now;
  c.last_inbound_at = now;
  c.message_count += 1;
  if (c.order_id.empty()) c.order_id = item.keys.order_id;
  // A notice that returns a reply owes nothing itself: mark_undelivered ran the clocks
  // that reply answered again, with their own deadlines.
  const bool owed = item.sender_kind == SenderKind::kCustomer;
  const Timestamp sent = item.stored.sent_at;
  const Timestamp written = sent > now || sent < now - 7 * kMillisPerDay ? now : sent;
  return ResponseClock(*context.db, context.settings)
      .OnInbound(c, item.stored, owed, written, now, item.started);
}

}  // namespace shopdesk::services
