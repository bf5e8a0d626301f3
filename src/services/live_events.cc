#include "services/live_events.h"

#include "views/live_event_json.h"

namespace shopdesk::services {
namespace {

Status Append(store::Database& db, ShopId shop, LiveEventKind kind, ConversationId conversation,
              std::optional<MessageId> message, std::string data, Timestamp now) {
  LiveEvent e;
  e.shop_id = shop;
  e.kind = kind;
  e.conversation_id = conversation;
  e.message_id = message;
  e.data = std::move(data);
  e.created_at = now;
  return db.events().Record(e);
}

}  // namespace

Status RecordConversationCreated(store::Database& db, const Conversation& c, Timestamp now) {
  return Append(db, c.shop_id, LiveEventKind::kConversationCreated, c.id, std::nullopt,
                views::ConversationCreatedData(c), now);
}

Status RecordConversationUpdated(store::Database& db, const Conversation& c, Timestamp now,
                                 const Conversation* before) {
  return Append(db, c.shop_id, LiveEventKind::kConversationUpdated, c.id, std::nullopt,
                views::ConversationUpdatedData(c, before), now);
}

Status RecordMessageCreated(store::Database& db, const Message& m, const Conversation& c,
                            Timestamp now, const std::vector<AgentId>& mentions) {
  return Append(db, m.shop_id, LiveEventKind::kMessageCreated, m.conversation_id, m.id,
                views::MessageCreatedData(m, c, mentions), now);
}

Status RecordDeliveryChanged(store::Database& db, ShopId shop, ConversationId conversation,
                             MessageId message, DeliveryState state, int attempts,
                             const std::string& last_error, Timestamp now) {
  return Append(db, shop, LiveEventKind::kMessageUpdated, conversation, message,
                views::DeliveryChangedData(state, attempts, last_error), now);
}

Status RecordSlaAlert(store::Database& db, const SlaEvent& e, Timestamp now) {
  return Append(db, e.shop_id, LiveEventKind::kSlaAlert, e.conversation_id, e.message_id,
                views::SlaAlertData(e), now);
}

}  // namespace shopdesk::services
