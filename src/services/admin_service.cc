#include "services/admin_service.h"

#include <algorithm>

#include "core/digest.h"
#include "core/text_normalize.h"

namespace shopdesk::services {

AdminService::AdminService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

Result<Shop> AdminService::CreateShop(const std::string& slug, const std::string& name,
                                      const std::string& time_zone) {
  if (!IsValidSlug(slug)) {
    return Error::InvalidArgument("shop slug '" + slug +
                                  "' is invalid: use 1-64 of a-z, 0-9 and '-' (e.g. sakura-zakka)");
  }
  if (name.empty()) return Error::InvalidArgument("a shop needs a name (--name)");
  Shop shop;
  shop.slug = slug;
  shop.name = name;
  shop.time_zone = time_zone.empty() ? "Asia/Tokyo" : time_zone;
  shop.created_at = clock_.Now();
  auto created = db_.shops().Create(shop);
  if (!created && created.error().code == ErrorCode::kConflict) {
    return Error::Conflict("a shop with slug '" + slug + "' already exists");
  }
  return created;
}

Result<Shop> AdminService::FindShop(const std::string& slug) {
  auto shop = db_.shops().FindBySlug(slug);
  if (!shop && shop.error().code == ErrorCode::kNotFound) {
    return Error::NotFound("shop", slug + "' (create it with `shopdesk shop add " + slug +
                                       " --name NAME`, list shops with `shopdesk shop list`)'");
  }
  return shop;
}

Result<Channel> AdminService::FindChannel(ShopId shop, const std::string& name) {
  auto channel = db_.channels().FindByName(shop, name);
  if (!channel && channel.error().code == ErrorCode::kNotFound) {
    return Error::NotFound("channel", name + "' (add it with `shopdesk channel add`)'");
  }
  return channel;
}

Result<Agent> AdminService::Authenticate(const std::string& api_token) {
  if (api_token.empty()) return Error::Unauthenticated("an API token is required");
  auto agent = db_.agents().FindByTokenHash(Sha256Hex(api_token));
  if (!agent && agent.error().code == ErrorCode::kNotFound) {
    return Error::Unauthenticated("the API token is not valid");
  }
  return agent;
}

}  // namespace shopdesk::services
