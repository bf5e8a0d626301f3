#pragma once

#include <optional>

#include "core/away_mode.h"
#include "core/result.h"

namespace shopdesk::store {

// Away mode (issue 5).
class AwayRepo {
 public:
  virtual ~AwayRepo() = default;
  // Away mode; nullopt when the shop never set it.
  virtual Result<std::optional<AwaySettings>> FindAway(ShopId shop) = 0;
  virtual Status SaveAway(const AwaySettings& settings, Timestamp now) = 0;
};

}  // namespace shopdesk::store
