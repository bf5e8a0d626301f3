#pragma once

#include <optional>
#include <string>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

// One thing an agent (or the hold worker) changed in a conversation, shown as a line in
// its thread. Written in the transaction of the change.
struct ConversationActivity {
  ShopId shop_id = 0;
  ActivityId id = 0;
  ConversationId conversation_id = 0;
  Timestamp at = 0;
  std::optional<AgentId> agent_id;  // who; nullopt: the system (a hold that ended)
  // "status" {from, to[, until]}, "assignee" {from, to} (names, "" for nobody),
  // "team" {from, to} (names), "tags" {added: [], removed: []}, "intent" {from, to}.
  std::string kind;
  std::string detail = "{}";  // a JSON object, as above
};

}  // namespace shopdesk
