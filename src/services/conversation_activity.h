#pragma once

// The activity lines of a conversation's thread (core/conversation_activity.h).

#include <optional>

#include "core/conversation.h"
#include "core/result.h"
#include "store/database.h"

namespace shopdesk::services {

// Appends, in the caller's transaction, one line for each of status, assignee, team,
// tags and intent that differs between `before` and `after`, by `actor` (nullopt: the
// system). Assignees and teams are recorded by name as they are now.
Status RecordActivity(store::Database& db, const Conversation& before, const Conversation& after,
                      std::optional<AgentId> actor, Timestamp now);

}  // namespace shopdesk::services
