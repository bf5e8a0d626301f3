#pragma once

#include <string>
#include <vector>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

// A group of a shop's agents a conversation can be routed to (e.g. 返品担当, 英語対応).
struct Team {
  ShopId shop_id = 0;
  TeamId id = 0;
  std::string name;
  Timestamp created_at = 0;
  std::vector<AgentId> member_ids;  // sorted
};

}  // namespace shopdesk
