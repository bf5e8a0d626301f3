#pragma once

#include <optional>
#include <vector>

#include "core/inbox_view.h"
#include "core/result.h"

namespace shopdesk::store {

// Saved inbox views (core/inbox_view.h). Every call is scoped by the shop.
class InboxViewRepo {
 public:
  virtual ~InboxViewRepo() = default;
  virtual Result<InboxView> Create(const InboxView& view) = 0;
  // NotFound for another shop's view.
  virtual Result<InboxView> Find(ShopId shop, InboxViewId id) = 0;
  // The shop's shared views and `agent`'s own: shared first, then by name and id.
  virtual Result<std::vector<InboxView>> ListFor(ShopId shop, AgentId agent) = 0;
  virtual Status Delete(ShopId shop, InboxViewId id) = 0;
};

}  // namespace shopdesk::store
