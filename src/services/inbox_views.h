#pragma once

#include <string>
#include <vector>

#include "core/agent.h"
#include "core/clock.h"
#include "core/inbox_view.h"
#include "store/database.h"

namespace shopdesk::services {

// Saved inbox views: each agent's own, and views shared with the shop, which admins and
// owners create and delete. Not thread-safe (one Database); create one per request.
class InboxViews {
 public:
  InboxViews(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // The shop's shared views, then `agent`'s own.
  Result<std::vector<InboxView>> List(const Agent& agent);
  // NormalizeInboxView's errors; PermissionDenied (inbox_view.shared_needs_admin) for a
  // shared view by an agent who cannot manage the shop; at most 50 own views.
  Result<InboxView> Create(const Agent& agent, std::string name, std::string query, bool shared);
  // One's own view, or (admins, owners) a shared one; NotFound for another shop's or
  // another agent's personal view.
  Status Delete(const Agent& agent, InboxViewId id);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace shopdesk::services
