#pragma once

#include <string>

#include "core/agent.h"
#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/shop.h"
#include "store/database.h"

namespace shopdesk::services {

// Shops and the look-ups the command line and the API start from: a shop by slug, a
// channel by name, the agent behind an API token. Changes to a shop's channels and
// agents are ShopSettings' and AgentManagement's, audited. Not thread-safe (one
// Database); create one per thread.
class AdminService {
 public:
  AdminService(store::Database& db, const Clock& clock);

  // InvalidArgument for a bad slug or empty name; Conflict when the slug is taken.
  Result<Shop> CreateShop(const std::string& slug, const std::string& name,
                          const std::string& time_zone = "Asia/Tokyo");
  // NotFound names the slug and how to list shops.
  Result<Shop> FindShop(const std::string& slug);

  Result<Channel> FindChannel(ShopId shop, const std::string& name);

  // The agent a bearer token belongs to; Unauthenticated for an unknown token.
  Result<Agent> Authenticate(const std::string& api_token);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace shopdesk::services
