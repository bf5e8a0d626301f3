#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/conversation.h"
#include "core/conversation_activity.h"
#include "core/conversation_detail.h"
#include "core/customer.h"
#include "core/message.h"
#include "core/result.h"
#include "store/database.h"

namespace shopdesk::services {

// A conversation with everything its page shows.
struct FlagChange {
  std::optional<bool> spam;
  std::optional<bool> no_reply_needed;
};

// Reading and triaging conversations: list, open, status, assignment, tags, flags.
// Every call is scoped by `shop`; another shop's conversation is NotFound. Each change
// is recorded as an activity line by `actor` (nullopt: the system).
// Not thread-safe (one Database); create one per thread.
class ConversationService {
 public:
  ConversationService(store::Database& db, const Clock& clock,
                      std::optional<AgentId> actor = std::nullopt);

  // A page of the list; a first page also counts the failed deliveries and, listed for
  // an agent (`counts_for`), the inbox views (store::ViewCounts) under the same filters.
  Result<store::ConversationPage> List(ShopId shop, const store::ConversationFilter& filter,
                                       std::optional<AgentId> counts_for = std::nullopt);
  Result<ConversationDetail> Get(ShopId shop, ConversationId id,
                                 std::optional<AgentId> viewer = std::nullopt);

  // Conflict for an illegal transition (core/conversation_state.h). `hold_until`, only
  // with on_hold, ends the hold by itself then (EndHolds); InvalidArgument when it is
  // not in the future or given with another status.
  Result<Conversation> ChangeStatus(ShopId shop, ConversationId id, ConversationStatus to,
                                    std::optional<Timestamp> hold_until = std::nullopt);
  // Opens again, in every shop, conversations whose hold ended by now, at most `limit`
  // (the background worker calls this); returns how many it opened.
  Result<int> EndHolds(int limit);

  // The agent has the conversation open now (it is read), or asks to see it as unread
  // again. NotFound for another shop's conversation.
  Status MarkRead(ShopId shop, AgentId agent, ConversationId id);
  Status MarkUnread(ShopId shop, AgentId agent, ConversationId id);
  // Changes what is given: `agent` and `team` absent leave the assignee or team as they
  // are; present but null unassign. NotFound when the agent or team is not the shop's;
  // Conflict for an agent removed from the shop.
  Result<Conversation> Assign(ShopId shop, ConversationId id,
                              std::optional<std::optional<AgentId>> agent,
                              std::optional<std::optional<TeamId>> team = std::nullopt);
  // Replaces the tags. Tags are trimmed, lower-cased ASCII, de-duplicated and
  // sorted; each 1-64 bytes without spaces or commas, at most 50.
  Result<Conversation> SetTags(ShopId shop, ConversationId id, std::vector<std::string> tags);
  Result<Conversation> SetFlags(ShopId shop, ConversationId id, const FlagChange& change);
  // Sets what the customer wants, normalized like a tag ("Return " -> "return"); an
  // empty or blank intent clears it.
  Result<Conversation> SetIntent(ShopId shop, ConversationId id, std::string intent);

 private:
  // Loads, applies `change`, writes, commits: one write transaction.
  template <typename Change>
  Result<Conversation> Modify(ShopId shop, ConversationId id, Change&& change);

  store::Database& db_;
  const Clock& clock_;
  std::optional<AgentId> actor_;
};

// Normalizes a tag list as SetTags does; InvalidArgument names the bad tag.
Result<std::vector<std::string>> NormalizeTags(std::vector<std::string> tags);

// Normalizes an intent as SetIntent does: "" (blank) clears it.
Result<std::string> NormalizeIntent(std::string intent);

}  // namespace shopdesk::services
