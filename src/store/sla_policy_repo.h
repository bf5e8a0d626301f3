#pragma once

#include <optional>
#include <vector>

#include "core/result.h"
#include "core/sla_policy.h"

namespace shopdesk::store {

// Response targets per channel (issue 5).
class SlaPolicyRepo {
 public:
  virtual ~SlaPolicyRepo() = default;
  // The saved policy of a channel (customized = true); nullopt when it has none.
  virtual Result<std::optional<SlaPolicy>> FindPolicy(ShopId shop, ChannelId channel) = 0;
  virtual Result<std::vector<SlaPolicy>> ListPolicies(ShopId shop) = 0;
  // Inserts or replaces the channel's policy.
  virtual Status SavePolicy(const SlaPolicy& policy, Timestamp now) = 0;
};

}  // namespace shopdesk::store
