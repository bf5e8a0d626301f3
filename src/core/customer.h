#pragma once

#include <string>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

// A person who writes to the shop, identified within the shop by e-mail address
// (for marketplaces: the buyer's relay address). Addresses are stored lower-cased.
struct Customer {
  ShopId shop_id = 0;
  CustomerId id = 0;
  std::string name;  // as the customer's mail gave it; never split into family/given here
  std::string email;
  Timestamp created_at = 0;
  Timestamp erased_at = 0;  // when erased on the customer's request; 0: never
};

}  // namespace shopdesk
