#include "services/live_events.h"

#include <nlohmann/json.hpp>

namespace shopdesk::services {
namespace {

nlohmann::json ConversationFields(const Conversation& c) {
  nlohmann::json j = {
      {"status", StatusName(c.status)},
      {"spam", c.spam},
      {"no_reply_needed", c.no_reply_needed},
      {"assignee_id", c.assignee_id ? nlohmann::json(*c.assignee_id) : nlohmann::json(nullptr)},
      {"team_id", c.team_id ? nlohmann::json(*c.team_id) : nlohmann::json(nullptr)},
      {"tags", c.tags},
      {"intent", c.intent},
      {"due_at", c.due_at ? nlohmann::json(FormatIso8601(*c.due_at)) : nlohmann::json(nullptr)},
      {"last_activity_at", FormatIso8601(c.last_activity_at)},
      {"message_count", c.message_count},
      {"delivery_failed_at", c.delivery_failed_at
                                 ? nlohmann::json(FormatIso8601(*c.delivery_failed_at))
                                 : nlohmann::json(nullptr)},
      {"last_inbound_at", c.last_inbound_at ? nlohmann::json(FormatIso8601(*c.last_inbound_at))
                                            : nlohmann::json(nullptr)},
      {"hold_until",
       c.hold_until ? nlohmann::json(FormatIso8601(*c.hold_until)) : nlohmann::json(nullptr)},
  };
  return j;
}

Status Append(store::Database& db, ShopId shop, LiveEventKind kind, ConversationId conversation,
              std::optional<MessageId> message, const nlohmann::json& data, Timestamp now) {
  LiveEvent e;
  e.shop_id = shop;
  e.kind = kind;
  e.conversation_id = conversation;
  e.message_id = message;
  // Replacement for invalid UTF-8 (a subject is decoded text, but be safe): an event
  // must never fail the change it reports.
  e.data = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  e.created_at = now;
  return db.events().Record(e);
}

}  // namespace

Status RecordConversationCreated(store::Database& db, const Conversation& c, Timestamp now) {
  nlohmann::json data = ConversationFields(c);
  data["channel_id"] = c.channel_id;
  data["customer_id"] = c.customer_id;
  data["subject"] = c.subject;
  return Append(db, c.shop_id, LiveEventKind::kConversationCreated, c.id, std::nullopt, data, now);
}

Status RecordConversationUpdated(store::Database& db, const Conversation& c, Timestamp now,
                                 const Conversation* before) {
  nlohmann::json data = ConversationFields(c);
  if (before) {
    nlohmann::json changed = nlohmann::json::array();
    if (before->status != c.status) changed.push_back("status");
    if (before->assignee_id != c.assignee_id) changed.push_back("assignee_id");
    if (before->team_id != c.team_id) changed.push_back("team_id");
    if (before->tags != c.tags) changed.push_back("tags");
    if (before->intent != c.intent) changed.push_back("intent");
    data["changed"] = std::move(changed);
  }
  return Append(db, c.shop_id, LiveEventKind::kConversationUpdated, c.id, std::nullopt, data, now);
}

Status RecordMessageCreated(store::Database& db, const Message& m, const Conversation& c,
                            Timestamp now, const std::vector<AgentId>& mentions) {
  nlohmann::json data = {
      {"direction", DirectionName(m.direction)},
      {"delivery", DeliveryStateName(m.delivery)},
      {"from_name", m.from_name},
      {"subject", m.subject},
      {"author_agent_id",
       m.author_agent_id ? nlohmann::json(*m.author_agent_id) : nlohmann::json(nullptr)},
      {"conversation", ConversationFields(c)},
  };
  if (!mentions.empty()) data["mentions"] = mentions;
  return Append(db, m.shop_id, LiveEventKind::kMessageCreated, m.conversation_id, m.id, data, now);
}

Status RecordDeliveryChanged(store::Database& db, ShopId shop, ConversationId conversation,
                             MessageId message, DeliveryState state, int attempts,
                             const std::string& last_error, Timestamp now) {
  nlohmann::json data = {
      {"delivery", DeliveryStateName(state)},
      {"attempts", attempts},
      {"last_error", last_error},
  };
  return Append(db, shop, LiveEventKind::kMessageUpdated, conversation, message, data, now);
}

Status RecordSlaAlert(store::Database& db, const SlaEvent& e, Timestamp now) {
  nlohmann::json data = {
      {"kind", SlaEventKindName(e.kind)},
      {"target", SlaTargetName(e.target)},
      {"due_at", FormatIso8601(e.due_at)},
  };
  if (e.kind == SlaEventKind::kWarning) data["left_seconds"] = e.value / kMillisPerSecond;
  return Append(db, e.shop_id, LiveEventKind::kSlaAlert, e.conversation_id, e.message_id, data,
                now);
}

}  // namespace shopdesk::services
