#include "services/shop_directory.h"

namespace shopdesk::services {

Result<Shop> ShopDirectory::FindShop(ShopId shop) { return db_.shops().Find(shop); }

Result<Shop> ShopDirectory::FindShopBySlug(const std::string& slug) {
  return db_.shops().FindBySlug(slug);
}

Result<std::vector<Channel>> ShopDirectory::Channels(ShopId shop) {
  return db_.channels().List(shop);
}

Result<Channel> ShopDirectory::FindChannel(ShopId shop, ChannelId id) {
  return db_.channels().Find(shop, id);
}

Result<std::vector<Team>> ShopDirectory::Teams(ShopId shop) { return db_.teams().List(shop); }

Result<std::vector<Customer>> ShopDirectory::Customers(ShopId shop, const std::string& query,
                                                       CustomerId after, int limit) {
  return db_.customers().List(shop, query, after, limit);
}

Result<Customer> ShopDirectory::FindCustomer(ShopId shop, CustomerId id) {
  return db_.customers().Find(shop, id);
}

Result<std::vector<AuditEntry>> ShopDirectory::Audit(ShopId shop, AuditEntryId before,
                                                     const std::string& action, int limit) {
  return db_.audit().List(shop, before, action, limit);
}

}  // namespace shopdesk::services
