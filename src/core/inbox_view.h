#pragma once

#include <optional>
#include <string>

#include "core/ids.h"
#include "core/result.h"
#include "core/time.h"

namespace shopdesk {

// A saved inbox view: a name for a set of the inbox's filters.
struct InboxView {
  ShopId shop_id = 0;
  InboxViewId id = 0;
  std::optional<AgentId> owner_id;  // the agent's own; nullopt: shared with the shop
  std::string name;                 // 1-60 characters, trimmed
  // The inbox's URL query without "?" ("view=mine&tag=返品"): keys view, status,
  // channel, assignee, tag and intent, percent-encoded as a browser writes them.
  std::string query;
  Timestamp created_at = 0;
};

// Trims the name; InvalidArgument (reasons inbox_view.name, inbox_view.query) for an
// empty or too long name, or a query with another key, a bad escape or over 1000 bytes.
Status NormalizeInboxView(InboxView& view);

}  // namespace shopdesk
