#include "views/json_views.h"

#include <variant>

#include "core/sla_clock.h"
#include "views/error_json.h"

namespace shopdesk::views {
namespace {

using nlohmann::json;

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
          {"system_senders", shop.system_senders},
          {"created_at", FormatIso8601(shop.created_at)}};
}

namespace {

// The reason and params of a stored error (core/error.h PackReason) as the API shows
// them beside its message: "last_error_reason" ("" for none) and "last_error_params".
void AddStoredReason(json& out, const std::string& packed) {
  Error error;
  UnpackReason(packed, error);
  out["last_error_reason"] = error.reason;
  json params = json::object();
  for (const auto& [key, value] : error.params) params[key] = value;
  out["last_error_params"] = std::move(params);
}

}  // namespace

json ChannelJson(const Channel& c, const channels::ChannelRegistry& channels) {
  json out = {
      {"id", c.id},
      {"kind", c.kind},
      {"name", c.name},
      {"address", c.address},
      {"display_name", c.display_name},
      {"healthy", c.healthy},
      {"last_error", c.last_error},
      {"last_checked_at", c.last_checked_at ? json(FormatIso8601(c.last_checked_at)) : json()},
      {"created_at", FormatIso8601(c.created_at)}};
  AddStoredReason(out, c.last_error_reason);
  if (auto adapter = channels.For(c.kind)) {
    // Beside the common fields, as the settings form reads them (a name never taken twice).
    for (const auto& shown : (*adapter)->ShowSettings(c)) {
      if (out.contains(shown.name)) continue;
      std::visit([&](const auto& value) { out[shown.name] = value; }, shown.value);
    }
  }
  return out;
}

json AgentJson(const Agent& a) {
  return {{"id", a.id},
          {"email", a.email},
          {"name", a.name},
          {"role", RoleName(a.role)},
          {"active", a.disabled_at == 0},
          {"created_at", FormatIso8601(a.created_at)}};
}

json ConnectionChecksJson(const std::vector<channels::ChannelAdapter::ConnectionCheck>& checks) {
  json out = json::array();
  for (const auto& check : checks) {
    json row = {{"part", check.part}, {"ok", bool(check.status)}, {"error", nullptr}};
    if (check.part == "inbound") row["pending"] = check.pending;
    if (!check.status) row["error"] = ErrorBody(check.status.error())["error"];
    out.push_back(std::move(row));
  }
  return out;
}

json AgentLoginJson(const AgentLogin& a, Timestamp now) {
  json out = AgentJson(a.agent);
  out["login"] = a.has_password ? "password" : "invited";
  out["locked_until"] = a.locked_until > now ? json(FormatIso8601(a.locked_until)) : json();
  return out;
}

json ActivityJson(const std::vector<ConversationActivity>& activity) {
  json out = json::array();
  for (const auto& a : activity) {
    json detail = json::parse(a.detail, nullptr, /*allow_exceptions=*/false);
    if (!detail.is_object()) detail = json::object();
    out.push_back({{"id", a.id},
                   {"at", FormatIso8601(a.at)},
                   {"agent_id", a.agent_id ? json(*a.agent_id) : json()},
                   {"kind", a.kind},
                   {"detail", std::move(detail)}});
  }
  return out;
}

json CustomerJson(const Customer& c) {
  return {{"id", c.id},
          {"name", c.name},
          {"family_name", c.family_name},
          {"given_name", c.given_name},
          {"email", c.email},
          {"erased", c.erased_at != 0},
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
  json out = {{"id", m.id},
              {"conversation_id", m.conversation_id},
              {"direction", DirectionName(m.direction)},
              {"author_agent_id", m.author_agent_id ? json(*m.author_agent_id) : json()},
              {"from_name", m.from_name},
              {"from_address", m.from_address},
              {"to_address", m.to_address},
              {"cc", m.cc},
              {"bcc", m.bcc},
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
  AddStoredReason(out, m.last_error_reason);
  return out;
}

namespace {

void WriteConversationFields(JsonWriter& w, const Conversation& c, Timestamp now) {
  w.Key("id").Int(c.id);
  w.Key("channel_id").Int(c.channel_id);
  w.Key("customer_id").Int(c.customer_id);
  w.Key("subject").String(c.subject);
  w.Key("status").String(StatusName(c.status));
  w.Key("spam").Bool(c.spam);
  w.Key("no_reply_needed").Bool(c.no_reply_needed);
  w.Key("order_id");
  c.order_id.empty() ? w.Null() : w.String(c.order_id);
  w.Key("assignee_id");
  c.assignee_id ? w.Int(*c.assignee_id) : w.Null();
  w.Key("team_id");
  c.team_id ? w.Int(*c.team_id) : w.Null();
  w.Key("tags").BeginArray();
  for (const auto& tag : c.tags) w.String(tag);
  w.EndArray();
  w.Key("intent").String(c.intent);
  w.Key("message_count").Int(c.message_count);
  w.Key("created_at").String(FormatIso8601(c.created_at));
  w.Key("last_activity_at").String(FormatIso8601(c.last_activity_at));
  w.Key("due_at");
  c.due_at ? w.String(FormatIso8601(*c.due_at)) : w.Null();
  w.Key("remaining_seconds");
  c.due_at ? w.Int((*c.due_at - now) / kMillisPerSecond) : w.Null();
  w.Key("urgency").String(UrgencyOf(c.due_at, now));
  w.Key("delivery_failed_at");
  c.delivery_failed_at ? w.String(FormatIso8601(*c.delivery_failed_at)) : w.Null();
  w.Key("last_inbound_at");
  c.last_inbound_at ? w.String(FormatIso8601(*c.last_inbound_at)) : w.Null();
  w.Key("hold_until");
  c.hold_until ? w.String(FormatIso8601(*c.hold_until)) : w.Null();
}

}  // namespace

std::string ConversationJson(const Conversation& c, Timestamp now) {
  JsonWriter w(512);
  w.BeginObject();
  WriteConversationFields(w, c, now);
  w.EndObject();
  return w.Take();
}

std::string ConversationListJson(const store::ConversationPage& page, Timestamp now) {
  JsonWriter w(512 * (page.items.size() + 1));
  w.BeginObject().Key("items").BeginArray();
  for (const auto& row : page.items) {
    w.BeginObject();
    WriteConversationFields(w, row.conversation, now);
    w.Key("customer").BeginObject();
    w.Key("id").Int(row.conversation.customer_id);
    w.Key("name").String(row.customer_name);
    w.Key("email").String(row.customer_email);
    w.EndObject();
    w.Key("snippet").String(row.snippet);
    if (row.unread) w.Key("unread").Bool(*row.unread);
    w.EndObject();
  }
  w.EndArray().Key("next_cursor");
  page.next_cursor.empty() ? w.Null() : w.String(page.next_cursor);
  if (page.delivery_failed_count) w.Key("delivery_failed_count").Int(*page.delivery_failed_count);
  if (page.view_counts) {
    w.Key("view_counts").BeginObject();
    w.Key("all").Int(page.view_counts->all);
    w.Key("mine").Int(page.view_counts->mine);
    w.Key("unassigned").Int(page.view_counts->unassigned);
    w.Key("overdue").Int(page.view_counts->overdue);
    w.Key("unread").Int(page.view_counts->unread);
    w.EndObject();
  }
  w.EndObject();
  return w.Take();
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

json TeamJson(const Team& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"member_ids", t.member_ids},
          {"created_at", FormatIso8601(t.created_at)}};
}

json SavedReplyJson(const SavedReply& r) {
  return {{"id", r.id},
          {"title", r.title},
          {"shortcut", r.shortcut},
          {"body", r.body},
          {"language", r.language},
          {"tags", r.tags},
          {"intent", r.intent},
          {"created_by", r.created_by ? json(*r.created_by) : json()},
          {"created_at", FormatIso8601(r.created_at)},
          {"updated_at", FormatIso8601(r.updated_at)}};
}

json AuditJson(const AuditEntry& e) {
  json detail = json::parse(e.detail, nullptr, /*allow_exceptions=*/false);
  if (detail.is_discarded()) detail = json::object();
  return {{"id", e.id},
          {"at", FormatIso8601(e.at)},
          {"actor", e.actor},
          {"actor_agent_id", e.actor_agent_id ? json(*e.actor_agent_id) : json()},
          {"action", e.action},
          {"target", e.target},
          {"detail", std::move(detail)},
          {"remote_address", e.remote_address}};
}

json PrivacyExportJson(const Shop& shop, const CustomerRecord& record, Timestamp now) {
  json out_conversations = json::array();
  for (const auto& detail : record.conversations) {
    json conversation = json::parse(ConversationJson(detail.conversation, now));
    json items = json::array();
    for (const auto& m : detail.messages) items.push_back(MessageJson(m));
    conversation["messages"] = std::move(items);
    out_conversations.push_back(std::move(conversation));
  }
  json customer = CustomerJson(record.customer);
  json identities = json::array();
  for (const auto& identity : record.identities) {
    identities.push_back({{"kind", identity.kind}, {"value", identity.value}});
  }
  customer["identities"] = std::move(identities);
  return {{"format", "shopdesk.privacy-export/1"},
          {"exported_at", FormatIso8601(now)},
          {"shop", ShopJson(shop)},
          {"customer", std::move(customer)},
          {"conversations", std::move(out_conversations)}};
}

}  // namespace shopdesk::views
