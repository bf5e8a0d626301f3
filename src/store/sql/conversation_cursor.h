#pragma once

// The opaque position in a conversation list that ConversationRepo::List hands out
// as next_cursor: "<sort key>.<id>", where the sort key is last_activity_at (newest
// first) or due_at (soonest due first), and "n" stands for "no due time" (those
// conversations come after every due one, in id order). Sorted by due, conversations
// whose last reply was not delivered come before all others, oldest failure first;
// their cursor is "f<delivery_failed_at>.<id>". Plain ASCII, URL-safe.

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"

namespace shopdesk::store::sql {

struct ConversationCursor {
  std::optional<std::int64_t> key;  // nullopt: in the "no due time" tail
  std::int64_t id = 0;
  bool failed = false;  // in the leading "delivery failed" part; key is delivery_failed_at
};

// The cursor for the row after (`key`, `id`); `failed` for the leading part.
std::string FormatConversationCursor(std::optional<std::int64_t> key, std::int64_t id,
                                     bool failed = false);

// nullopt for "" (the first page). InvalidArgument for anything this server would not
// have issued for that sort order (`allow_no_key`, which also allows the "f" part, is
// false when sorting by activity).
Result<std::optional<ConversationCursor>> ParseConversationCursor(const std::string& text,
                                                                  bool allow_no_key);

}  // namespace shopdesk::store::sql
