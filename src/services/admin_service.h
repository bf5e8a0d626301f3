#pragma once

#include <string>

#include "core/agent.h"
#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/shop.h"
#include "store/database.h"

namespace shopdesk::services {

struct NewAgent {
  Agent agent;
  std::string api_token;  // shown once; only its SHA-256 is stored
};

// Shops, channels, agents and API tokens: the admin use cases behind
// `shopdesk shop|channel|user add` and the settings API. Not thread-safe (one
// Database); create one per thread.
class AdminService {
 public:
  AdminService(store::Database& db, const Clock& clock);

  // InvalidArgument for a bad slug or empty name; Conflict when the slug is taken.
  Result<Shop> CreateShop(const std::string& slug, const std::string& name,
                          const std::string& time_zone = "Asia/Tokyo");
  // NotFound names the slug and how to list shops.
  Result<Shop> FindShop(const std::string& slug);

  // Validates name, address and the mail URLs (imap://, imaps://, smtp://, smtps://).
  // Conflict when the shop already has a channel of that name.
  Result<Channel> AddChannel(Channel channel);
  Result<Channel> FindChannel(ShopId shop, const std::string& name);

  // Creates an agent and its first API token. InvalidArgument for a malformed e-mail.
  Result<NewAgent> AddAgent(ShopId shop, const std::string& email, const std::string& name,
                            Role role);
  // AddAgent inside the caller's transaction.
  Result<NewAgent> CreateAgent(ShopId shop, const std::string& email, const std::string& name,
                               Role role);
  // Issues another token for an existing agent.
  Result<std::string> IssueToken(ShopId shop, AgentId agent);

  // The agent a bearer token belongs to; Unauthenticated for an unknown token.
  Result<Agent> Authenticate(const std::string& api_token);

 private:
  store::Database& db_;
  const Clock& clock_;
};

// Lower-cases the address and checks it and the mail URLs (imap(s)://, smtp(s)://).
Status NormalizeChannel(Channel& channel);

// Loose but useful: one '@', something before it, a dot-free-or-not domain after it,
// no spaces or control characters, at most 254 bytes.
bool LooksLikeEmailAddress(const std::string& address);

}  // namespace shopdesk::services
