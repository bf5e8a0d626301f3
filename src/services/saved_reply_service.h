#pragma once

// Saved replies: stored, searched, and rendered for one conversation, plus the reply
// lint (core/reply_lint.h) that runs on every preview and every send. Not thread-safe
// (one Database); create one per request.
//
// Variables a saved reply may use (anything else is refused when it is saved):
//   customer.name, customer.family_name, customer.given_name (only when an agent
//   entered them: a name is never split on a space to guess them),
//   customer.salutation (「山田 太郎様」 from family and given names, else the name and 様,
//   else 「お客様」; in English "Taro Yamada", the name, or "customer"),
//   order.number, order.items (a section; each item has title and quantity),
//   tracking.number, tracking.carrier, tracking.url, shop.name, agent.name,
//   promised.reply_by (the conversation's due time, 「11月24日(火) 10時」), promised.ship_by.
// Values shopdesk does not hold yet (items, tracking, ship date) render empty, so a
// section over them ({{#tracking.number}}...{{/tracking.number}}) is skipped.

#include <optional>
#include <string>
#include <vector>

#include "core/agent.h"
#include "core/clock.h"
#include "core/reply_lint.h"
#include "core/result.h"
#include "core/saved_reply.h"
#include "store/database.h"

namespace shopdesk::services {

// Limits that keep a saved reply a reply.
constexpr std::size_t kMaxSavedReplyBytes = 20000;
constexpr std::size_t kMaxSavedReplyTitleBytes = 200;

struct SavedReplyFields {
  std::optional<std::string> title, shortcut, body, language, intent;
  std::optional<std::vector<std::string>> tags;
};

struct RenderedReply {
  std::string text;
  std::vector<LintWarning> warnings;
};

class SavedReplyService {
 public:
  SavedReplyService(store::Database& db, const Clock& clock);

  // InvalidArgument (with line and column for template errors and unknown variables,
  // the size limit, an empty title, a language other than ja/en); Conflict for a
  // shortcut the shop already uses. Nothing is saved on error.
  Result<SavedReply> Create(const Agent& by, const SavedReplyFields& fields);
  Result<SavedReply> Update(const Agent& by, SavedReplyId id, const SavedReplyFields& fields);
  Status Delete(const Agent& by, SavedReplyId id);
  // NotFound for a saved reply of another shop.
  Result<SavedReply> Find(ShopId shop, SavedReplyId id);
  Result<std::vector<SavedReply>> Search(ShopId shop, const std::string& query, int limit);

  // Renders `body` (a template; plain text is a template without tags) for the
  // conversation as `agent` writes it, and lints the result. A body whose template is
  // broken or names an unknown variable comes back as typed, with the lint's
  // unrendered_variable warning.
  Result<RenderedReply> Preview(const Agent& agent, ConversationId conversation,
                                const std::string& body, UiLanguage language);
  Result<RenderedReply> PreviewSaved(const Agent& agent, ConversationId conversation,
                                     SavedReplyId saved, UiLanguage language);
  // Search, each reply rendered for the conversation as Preview renders it (the `/`
  // picker shows what the customer would read).
  Result<std::vector<std::pair<SavedReply, RenderedReply>>> SearchRendered(
      const Agent& agent, ConversationId conversation, const std::string& query, int limit,
      UiLanguage language);
  // The lint alone, for a reply being sent.
  Result<std::vector<LintWarning>> Lint(ShopId shop, ConversationId conversation,
                                        const std::string& text, UiLanguage language);

 private:
  Result<SavedReply> Validate(SavedReply reply);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace shopdesk::services
