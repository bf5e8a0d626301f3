#pragma once

// What agents look up in their shop, read-only: the shop, its channels, teams and
// customers, and its audit log. Every read is scoped to the shop given; a row of
// another shop is NotFound. Not thread-safe (one Database); create one per request.

#include <string>
#include <vector>

#include "core/audit.h"
#include "core/channel.h"
#include "core/customer.h"
#include "core/result.h"
#include "core/shop.h"
#include "core/team.h"
#include "store/database.h"

namespace shopdesk::services {

class ShopDirectory {
 public:
  explicit ShopDirectory(store::Database& db) : db_(db) {}

  Result<Shop> FindShop(ShopId shop);
  // NotFound for a slug no shop has.
  Result<Shop> FindShopBySlug(const std::string& slug);
  Result<std::vector<Channel>> Channels(ShopId shop);
  Result<Channel> FindChannel(ShopId shop, ChannelId id);
  Result<std::vector<Team>> Teams(ShopId shop);
  // Customers whose name or address holds `query` ("" for all), by id after `after`,
  // at most `limit`.
  Result<std::vector<Customer>> Customers(ShopId shop, const std::string& query, CustomerId after,
                                          int limit);
  Result<Customer> FindCustomer(ShopId shop, CustomerId id);
  // The newest entries before `before` (0: from the newest), whose action starts with
  // `action` ("" for all), at most `limit`.
  Result<std::vector<AuditEntry>> Audit(ShopId shop, AuditEntryId before, const std::string& action,
                                        int limit);

 private:
  store::Database& db_;
};

}  // namespace shopdesk::services
