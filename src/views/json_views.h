#pragma once

// The JSON shapes of domain objects, shared by the REST API and `shopdesk export`.
// Field names here are a public contract (docs/api/openapi.yaml, the export format):
// add fields freely, never rename one.

#include <nlohmann/json.hpp>

#include "channels/channel_adapter.h"
#include "channels/channel_registry.h"
#include "core/agent.h"
#include "core/audit.h"
#include "core/channel.h"
#include "core/conversation.h"
#include "core/conversation_activity.h"
#include "core/conversation_detail.h"
#include "core/customer.h"
#include "core/message.h"
#include "core/saved_reply.h"
#include "core/shop.h"
#include "core/team.h"
#include "store/conversation_repo.h"
#include "views/json_writer.h"

namespace shopdesk::views {

nlohmann::json ShopJson(const Shop& shop);
// What every channel has, its health, and its settings as its kind's adapter shows them
// (ChannelAdapter::ShowSettings: never a secret; for mail, whether IMAP/SMTP are
// configured, with what server, without a user:password@, and user).
nlohmann::json ChannelJson(const Channel& channel,
                           const channels::ChannelRegistry& channels = channels::BuiltInChannels());
nlohmann::json AgentJson(const Agent& agent);
// [{"part": "inbound"|"outbound", "ok": bool, "pending": n (inbound), "error": {as in
// an error body} or null}]
nlohmann::json ConnectionChecksJson(
    const std::vector<channels::ChannelAdapter::ConnectionCheck>& checks);
// AgentJson with "login": "password" | "invited" (no password yet) and "locked_until"
// (ISO 8601 while a lockout lasts at `now`, else null).
nlohmann::json AgentLoginJson(const AgentLogin& agent, Timestamp now);
nlohmann::json CustomerJson(const Customer& customer);
// [{"id", "at", "agent_id" (null: the system), "kind", "detail": {...}}], as stored
// (core/conversation_activity.h).
nlohmann::json ActivityJson(const std::vector<ConversationActivity>& activity);
nlohmann::json AttachmentJson(const Attachment& attachment, MessageId message);
nlohmann::json MessageJson(const Message& message);
// A conversation, with the remaining seconds when a response is owed (negative when
// overdue). Written with JsonWriter: these are the hot responses.
std::string ConversationJson(const Conversation& conversation, Timestamp now);
// {"items":[conversation + "customer":{id,name,email}], "next_cursor": string|null}
std::string ConversationListJson(const store::ConversationPage& page, Timestamp now);

nlohmann::json TeamJson(const Team& team);
nlohmann::json SavedReplyJson(const SavedReply& reply);
// `detail` is embedded as the JSON object it holds.
nlohmann::json AuditJson(const AuditEntry& entry);

// Everything held about one customer (`shopdesk privacy export`, GET
// /api/v1/customers/{id}/export): the customer, and every conversation with every
// message in full (text, sanitized HTML, addresses, attachments, delivery).
nlohmann::json PrivacyExportJson(const Shop& shop, const CustomerRecord& record, Timestamp now);

// {"items": [view(row)...]}
template <typename T, typename F>
nlohmann::json ItemsJson(const std::vector<T>& rows, F view) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& row : rows) items.push_back(view(row));
  return {{"items", std::move(items)}};
}

// One line of `shopdesk export`: the conversation with its customer and messages.
nlohmann::json ExportJson(const Conversation& conversation, const Customer& customer,
                          const std::vector<Message>& messages);

}  // namespace shopdesk::views
