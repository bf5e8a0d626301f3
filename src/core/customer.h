#pragma once

#include <string>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

// One way a channel knows a customer: a {kind, value} pair, unique in the shop. Kind
// "email" is the customer's address (Customer::email, lower-cased: for marketplaces the
// buyer's relay address); a channel may add its own, e.g. {"web", "<the site's
// customer id>"}, so that one person stays one customer when their address changes.
struct CustomerIdentity {
  std::string kind;
  std::string value;
  bool operator==(const CustomerIdentity&) const = default;
};

inline constexpr const char* kEmailIdentity = "email";

// A person who writes to the shop, identified within the shop by their identities;
// `email` is the one every customer has (the address answers go to).
struct Customer {
  ShopId shop_id = 0;
  CustomerId id = 0;
  std::string name;  // as the customer's mail gave it; never split into family/given here
  std::string email;
  Timestamp created_at = 0;
  Timestamp erased_at = 0;  // when erased on the customer's request; 0: never
  // Entered by an agent (e.g. 「山田」「太郎」); empty when not known. Never derived from
  // `name`: Japanese names carry no reliable separator, Western ones come in either order.
  std::string family_name;
  std::string given_name;
};

}  // namespace shopdesk
