#include "http/json_views.h"

namespace shopdesk::http {
namespace {

using nlohmann::json;

json OptionalTime(std::optional<Timestamp> t) {
  return t ? json(FormatIso8601(*t)) : json(nullptr);
}

// "Sakura <support@x>" style sender line for exports.
std::string FromLine(const Message& m) {
  if (m.from_name.empty()) return m.from_address;
  return m.from_name + " <" + m.from_address + ">";
}

}  // namespace

json ShopJson(const Shop& shop) {
  return {{"id", shop.id},
          {"slug", shop.slug},
          {"name", shop.name},
          {"time_zone", shop.time_zone},
          {"created_at", FormatIso8601(shop.created_at)}};
}

json ChannelJson(const Channel& c) {
  return {{"id", c.id},
          {"kind", ChannelKindName(c.kind)},
          {"name", c.name},
          {"address", c.address},
          {"display_name", c.display_name},
          {"imap_configured", !c.email.imap_url.empty()},
          {"smtp_configured", !c.email.smtp_url.empty()},
          {"healthy", c.healthy},
          {"last_error", c.last_error},
          {"last_checked_at", c.last_checked_at ? json(FormatIso8601(c.last_checked_at)) : json()},
          {"created_at", FormatIso8601(c.created_at)}};
}

json AgentJson(const Agent& a) {
  return {{"id", a.id},
          {"email", a.email},
          {"name", a.name},
          {"role", RoleName(a.role)},
          {"created_at", FormatIso8601(a.created_at)}};
}

json CustomerJson(const Customer& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"email", c.email},
          {"created_at", FormatIso8601(c.created_at)}};
}

json AttachmentJson(const Attachment& a, MessageId message) {
  return {{"id", a.id},
          {"message_id", message},
          {"filename", a.filename},
          {"content_type", a.content_type},
          {"size", a.size},
          {"sha256", a.sha256},
          {"inline", a.inline_part},
          {"stored", !a.sha256.empty()}};
}

json MessageJson(const Message& m) {
  json attachments = json::array();
  for (const auto& a : m.attachments) attachments.push_back(AttachmentJson(a, m.id));
  return {{"id", m.id},
          {"conversation_id", m.conversation_id},
          {"direction", DirectionName(m.direction)},
          {"author_agent_id", m.author_agent_id ? json(*m.author_agent_id) : json()},
          {"from_name", m.from_name},
          {"from_address", m.from_address},
          {"to_address", m.to_address},
          {"subject", m.subject},
          {"text", m.text},
          {"html", m.html},
          {"message_id", m.external_id},
          {"in_reply_to", m.in_reply_to},
          {"flags", m.flags.Names()},
          {"decode_note", m.decode_note},
          {"delivery", DeliveryStateName(m.delivery)},
          {"attempts", m.attempts},
          {"last_error", m.last_error},
          {"created_at", FormatIso8601(m.created_at)},
          {"sent_at", m.sent_at ? json(FormatIso8601(m.sent_at)) : json()},
          {"attachments", std::move(attachments)}};
}

json ConversationJson(const Conversation& c, Timestamp now) {
  return {{"id", c.id},
          {"channel_id", c.channel_id},
          {"customer_id", c.customer_id},
          {"subject", c.subject},
          {"status", StatusName(c.status)},
          {"spam", c.spam},
          {"no_reply_needed", c.no_reply_needed},
          {"order_id", c.order_id.empty() ? json() : json(c.order_id)},
          {"assignee_id", c.assignee_id ? json(*c.assignee_id) : json()},
          {"tags", c.tags},
          {"message_count", c.message_count},
          {"created_at", FormatIso8601(c.created_at)},
          {"last_activity_at", FormatIso8601(c.last_activity_at)},
          {"due_at", OptionalTime(c.due_at)},
          {"remaining_seconds", c.due_at ? json((*c.due_at - now) / kMillisPerSecond) : json()}};
}

json ConversationSummaryJson(const store::ConversationSummary& row, Timestamp now) {
  json j = ConversationJson(row.conversation, now);
  j["customer"] = {{"id", row.conversation.customer_id},
                   {"name", row.customer_name},
                   {"email", row.customer_email}};
  return j;
}

json ExportJson(const Conversation& c, const Customer& customer,
                const std::vector<Message>& messages) {
  json out_messages = json::array();
  for (const auto& m : messages) {
    json attachments = json::array();
    for (const auto& a : m.attachments) {
      attachments.push_back({{"filename", a.filename},
                             {"content_type", a.content_type},
                             {"size", a.size},
                             {"sha256", a.sha256}});
    }
    out_messages.push_back({{"message_id", m.external_id},
                            {"direction", DirectionName(m.direction)},
                            {"subject", m.subject},
                            {"text", m.text},
                            {"from", FromLine(m)},
                            {"to", m.to_address},
                            {"created_at", FormatIso8601(m.created_at)},
                            {"delivery", DeliveryStateName(m.delivery)},
                            {"attachments", std::move(attachments)},
                            {"flags", m.flags.Names()}});
  }
  return {{"id", c.id},
          {"subject", c.subject},
          {"status", StatusName(c.status)},
          {"order_id", c.order_id.empty() ? json() : json(c.order_id)},
          {"tags", c.tags},
          {"created_at", FormatIso8601(c.created_at)},
          {"customer", {{"name", customer.name}, {"email", customer.email}}},
          {"messages", std::move(out_messages)}};
}

}  // namespace shopdesk::http
