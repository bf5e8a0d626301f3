#include "views/live_event_json.h"

#include <nlohmann/json.hpp>

#include "core/time.h"

namespace shopdesk::views {
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

// Replacement for invalid UTF-8 (a subject is decoded text, but be safe): an event
// must never fail the change it reports.
std::string Text(const nlohmann::json& data) {
  return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string ConversationCreatedData(const Conversation& c) {
  nlohmann::json data = ConversationFields(c);
  data["channel_id"] = c.channel_id;
  data["customer_id"] = c.customer_id;
  data["subject"] = c.subject;
  return Text(data);
}

std::string ConversationUpdatedData(const Conversation& c, const Conversation* before) {
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
  return Text(data);
}

std::string MessageCreatedData(const Message& m, const Conversation& c,
                               const std::vector<AgentId>& mentions) {
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
  return Text(data);
}

std::string DeliveryChangedData(DeliveryState state, int attempts, const std::string& last_error) {
  return Text({
      {"delivery", DeliveryStateName(state)},
      {"attempts", attempts},
      {"last_error", last_error},
  });
}

std::string SlaAlertData(const SlaEvent& e) {
  nlohmann::json data = {
      {"kind", SlaEventKindName(e.kind)},
      {"target", SlaTargetName(e.target)},
      {"due_at", FormatIso8601(e.due_at)},
  };
  if (e.kind == SlaEventKind::kWarning) data["left_seconds"] = e.value / kMillisPerSecond;
  return Text(data);
}

}  // namespace shopdesk::views
