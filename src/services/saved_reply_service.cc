#include "services/saved_reply_service.h"

#include <algorithm>
#include <set>

#include "core/business_calendar.h"
#include "core/mustache.h"
#include "services/conversation_service.h"
#include "services/customer_names.h"

namespace shopdesk::services {
namespace {

const std::set<std::string>& KnownVariables() {
  static const std::set<std::string> known = {"customer.name",
                                              "customer.family_name",
                                              "customer.given_name",
                                              "customer.salutation",
                                              "order.number",
                                              "order.items",
                                              "title",
                                              "quantity",
                                              "tracking.number",
                                              "tracking.carrier",
                                              "tracking.url",
                                              "shop.name",
                                              "agent.name",
                                              "promised.reply_by",
                                              "promised.ship_by"};
  return known;
}

std::string KnownList() {
  std::string out;
  for (const auto& v : KnownVariables()) {
    if (v == "title" || v == "quantity") continue;
    out += (out.empty() ? "" : ", ") + v;
  }
  return out;
}

struct ConversationFacts {
  Conversation conversation;
  Customer customer;
  Shop shop;
};

// The conversation and its customer; the shop too when `with_shop` (rendering needs its
// name, the lint on every send does not).
Result<ConversationFacts> FactsOf(store::Database& db, ShopId shop, ConversationId id,
                                  bool with_shop = true) {
  auto conversation = db.conversations().Find(shop, id);
  if (!conversation) return conversation.error();
  auto customer = db.customers().Find(shop, conversation->customer_id);
  if (!customer) return customer.error();
  ConversationFacts facts{std::move(*conversation), std::move(*customer), Shop{}};
  if (with_shop) {
    auto s = db.shops().Find(shop);
    if (!s) return s.error();
    facts.shop = std::move(*s);
  }
  return facts;
}

ReplyLintContext LintContextOf(const ConversationFacts& facts) {
  ReplyLintContext context;
  context.full_name = facts.customer.name;
  context.order_id = facts.conversation.order_id;
  return context;
}

TemplateValue DataFor(const ConversationFacts& facts, const Agent& agent, UiLanguage language) {
  using Map = TemplateValue::Map;
  const Customer& c = facts.customer;
  return TemplateValue(
      Map{{"customer", Map{{"name", c.name},
                           {"family_name", c.family_name},
                           {"given_name", c.given_name},
                           {"salutation", Salutation(c, language == UiLanguage::kEnglish)}}},
          {"order", Map{{"number", facts.conversation.order_id}, {"items", TemplateValue::List{}}}},
          {"tracking", Map{{"number", ""}, {"carrier", ""}, {"url", ""}}},
          {"shop", Map{{"name", facts.shop.name}}},
          {"agent", Map{{"name", agent.name}}},
          {"promised", Map{{"reply_by", facts.conversation.due_at && !facts.shop.time_zone.empty()
                                            ? FormatJapaneseDeadline(*facts.conversation.due_at,
                                                                     facts.shop.time_zone)
                                            : ""},
                           {"ship_by", ""}}}});
}

// InvalidArgument naming the first variable of `compiled` that is not known.
Status CheckNames(const MustacheTemplate& compiled) {
  for (const auto& name : compiled.Names()) {
    if (!KnownVariables().count(name.name)) {
      return Error::InvalidArgument("template error at line " + std::to_string(name.line) +
                                    ", column " + std::to_string(name.column) +
                                    ": unknown variable '" + name.name +
                                    "' (known: " + KnownList() + ")")
          .WithReason("template.unknown_variable", {{"line", std::to_string(name.line)},
                                                    {"column", std::to_string(name.column)},
                                                    {"name", name.name}});
    }
  }
  return Ok();
}

// Makes an unknown variable render as itself ("{{customer.nickname}}"), so a preview
// shows it where it stands and the lint reports it.
void KeepVisible(TemplateValue& data, const std::string& name) {
  TemplateValue* at = &data;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = name.find('.', start);
    const std::string part = name.substr(start, dot == std::string::npos ? dot : dot - start);
    TemplateValue::Map* map = at->AsMap();
    if (!map) return;
    auto it = std::find_if(map->begin(), map->end(),
                           [&](const auto& entry) { return entry.first == part; });
    if (dot == std::string::npos) {
      if (it == map->end()) map->emplace_back(part, TemplateValue("{{" + name + "}}"));
      return;
    }
    if (it == map->end()) {
      map->emplace_back(part, TemplateValue(TemplateValue::Map{}));
      it = std::prev(map->end());
    }
    at = &it->second;
    start = dot + 1;
  }
}

}  // namespace

SavedReplyService::SavedReplyService(store::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

Result<SavedReply> SavedReplyService::Validate(SavedReply reply) {
  if (reply.title.empty() || reply.title.size() > kMaxSavedReplyTitleBytes) {
    return Error::InvalidArgument("a saved reply needs a title of 1 to " +
                                  std::to_string(kMaxSavedReplyTitleBytes) + " bytes")
        .WithReason("saved_reply.title_length",
                    {{"max", std::to_string(kMaxSavedReplyTitleBytes)}});
  }
  if (reply.body.empty() || reply.body.size() > kMaxSavedReplyBytes) {
    return Error::InvalidArgument("a saved reply's body must be 1 to " +
                                  std::to_string(kMaxSavedReplyBytes) + " bytes (this one is " +
                                  std::to_string(reply.body.size()) + ")")
        .WithReason("saved_reply.body_length", {{"max", std::to_string(kMaxSavedReplyBytes)}});
  }
  if (reply.shortcut.size() > 32 ||
      std::any_of(reply.shortcut.begin(), reply.shortcut.end(),
                  [](unsigned char c) { return c <= ' ' || c == '/' || c == 0x7f; })) {
    return Error::InvalidArgument("a shortcut is up to 32 bytes without spaces or '/'")
        .WithReason("saved_reply.bad_shortcut");
  }
  if (reply.language != "ja" && reply.language != "en") {
    return Error::InvalidArgument("language must be ja or en");
  }
  auto tags = NormalizeTags(reply.tags);
  if (!tags) return tags.error();
  reply.tags = std::move(*tags);
  auto compiled = MustacheTemplate::Compile(reply.body);
  if (!compiled) return compiled.error();
  SHOPDESK_TRY(CheckNames(*compiled));
  return reply;
}

Result<SavedReply> SavedReplyService::Create(const Agent& by, const SavedReplyFields& fields) {
  SavedReply reply;
  reply.shop_id = by.shop_id;
  reply.title = fields.title.value_or("");
  reply.shortcut = fields.shortcut.value_or("");
  reply.body = fields.body.value_or("");
  reply.language = fields.language.value_or("ja");
  reply.tags = fields.tags.value_or(std::vector<std::string>{});
  reply.intent = fields.intent.value_or("");
  reply.created_by = by.id;
  reply.created_at = reply.updated_at = clock_.Now();
  auto valid = Validate(std::move(reply));
  if (!valid) return valid.error();
  auto created = db_.saved_replies().Create(*valid);
  if (!created && created.error().code == ErrorCode::kConflict) {
    return Error::Conflict("the shortcut '" + valid->shortcut + "' is already used")
        .WithReason("saved_reply.shortcut_taken", {{"shortcut", valid->shortcut}});
  }
  return created;
}

Result<SavedReply> SavedReplyService::Update(const Agent& by, SavedReplyId id,
                                             const SavedReplyFields& fields) {
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto reply = db_.saved_replies().Find(by.shop_id, id);
  if (!reply) return reply.error();
  if (fields.title) reply->title = *fields.title;
  if (fields.shortcut) reply->shortcut = *fields.shortcut;
  if (fields.body) reply->body = *fields.body;
  if (fields.language) reply->language = *fields.language;
  if (fields.tags) reply->tags = *fields.tags;
  if (fields.intent) reply->intent = *fields.intent;
  reply->updated_at = clock_.Now();
  auto valid = Validate(std::move(*reply));
  if (!valid) return valid.error();
  if (auto updated = db_.saved_replies().Update(*valid); !updated) {
    if (updated.error().code == ErrorCode::kConflict) {
      return Error::Conflict("the shortcut '" + valid->shortcut + "' is already used")
          .WithReason("saved_reply.shortcut_taken", {{"shortcut", valid->shortcut}});
    }
    return updated.error();
  }
  SHOPDESK_TRY((*tx)->Commit());
  return valid;
}

Status SavedReplyService::Delete(const Agent& by, SavedReplyId id) {
  return db_.saved_replies().Delete(by.shop_id, id);
}

Result<SavedReply> SavedReplyService::Find(ShopId shop, SavedReplyId id) {
  return db_.saved_replies().Find(shop, id);
}

Result<std::vector<SavedReply>> SavedReplyService::Search(ShopId shop, const std::string& query,
                                                          int limit) {
  return db_.saved_replies().Search(shop, query, std::clamp(limit, 1, 200));
}

namespace {

// `body` rendered from the conversation's facts as `agent` writes it, and linted.
RenderedReply RenderFor(const ConversationFacts& facts, const Agent& agent, const std::string& body,
                        UiLanguage language) {
  // A broken template is shown as typed, an unknown variable as written: the lint's
  // unrendered_variable warning says what is wrong, and the agent fixes it.
  auto compiled = MustacheTemplate::Compile(body);
  RenderedReply out;
  if (compiled) {
    TemplateValue data = DataFor(facts, agent, language);
    for (const auto& name : compiled->Names()) {
      if (!KnownVariables().count(name.name)) KeepVisible(data, name.name);
    }
    std::vector<std::string> blank;
    out.text = compiled->Render(data, Escaping::kNone, &blank);
    out.warnings = LintReply(out.text, LintContextOf(facts), language);
    for (const auto& name : blank) {
      if (KnownVariables().count(name))
        out.warnings.push_back(BlankVariableWarning(name, language));
    }
    return out;
  }
  out.text = body;
  out.warnings = LintReply(out.text, LintContextOf(facts), language);
  return out;
}

}  // namespace

Result<RenderedReply> SavedReplyService::Preview(const Agent& agent, ConversationId conversation,
                                                 const std::string& body, UiLanguage language) {
  if (body.size() > kMaxSavedReplyBytes * 50) {
    return Error::InvalidArgument("the reply is over 1 MB");
  }
  auto facts = FactsOf(db_, agent.shop_id, conversation);
  if (!facts) return facts.error();
  return RenderFor(*facts, agent, body, language);
}

Result<std::vector<std::pair<SavedReply, RenderedReply>>> SavedReplyService::SearchRendered(
    const Agent& agent, ConversationId conversation, const std::string& query, int limit,
    UiLanguage language) {
  auto facts = FactsOf(db_, agent.shop_id, conversation);
  if (!facts) return facts.error();
  auto found = Search(agent.shop_id, query, limit);
  if (!found) return found.error();
  std::vector<std::pair<SavedReply, RenderedReply>> out;
  out.reserve(found->size());
  for (auto& reply : *found) {
    RenderedReply rendered = RenderFor(*facts, agent, reply.body, language);
    out.emplace_back(std::move(reply), std::move(rendered));
  }
  return out;
}

Result<RenderedReply> SavedReplyService::PreviewSaved(const Agent& agent,
                                                      ConversationId conversation,
                                                      SavedReplyId saved, UiLanguage language) {
  auto reply = db_.saved_replies().Find(agent.shop_id, saved);
  if (!reply) return reply.error();
  return Preview(agent, conversation, reply->body, language);
}

Result<std::vector<LintWarning>> SavedReplyService::Lint(ShopId shop, ConversationId conversation,
                                                         const std::string& text,
                                                         UiLanguage language) {
  auto facts = FactsOf(db_, shop, conversation, /*with_shop=*/false);
  if (!facts) return facts.error();
  return LintReply(text, LintContextOf(*facts), language);
}

}  // namespace shopdesk::services
