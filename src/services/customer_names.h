#pragma once

// How a customer is addressed: the display name from their mail, and the family and
// given names an agent enters (shopdesk never splits a name to guess them).

#include <optional>
#include <string>

#include "core/customer.h"
#include "core/result.h"
#include "store/database.h"

namespace shopdesk::services {

struct CustomerNameChange {
  std::optional<std::string> name, family_name, given_name;
};

// InvalidArgument for a name over 200 bytes or holding control characters; Conflict
// for an erased customer (their name stays erased); NotFound for another shop's.
Result<Customer> ChangeCustomerNames(store::Database& db, ShopId shop, CustomerId id,
                                     const CustomerNameChange& change);

// 「山田 太郎様」 from family and given names, else 「<name>様」, else 「お客様」 (Japanese);
// "Taro Yamada", the name, or "customer" (English).
std::string Salutation(const Customer& customer, bool english);

}  // namespace shopdesk::services
