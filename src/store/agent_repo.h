#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/agent.h"
#include "core/result.h"

namespace shopdesk::store {

class AgentRepo {
 public:
  virtual ~AgentRepo() = default;
  // Inserts; fills id and created_at. Conflict when the e-mail is taken in the shop.
  virtual Result<Agent> Create(const Agent& agent) = 0;
  virtual Result<Agent> Find(ShopId shop, AgentId id) = 0;
  virtual Result<Agent> FindByEmail(ShopId shop, const std::string& email) = 0;
  // Every agent of the shop, removed ones too (disabled_at set).
  virtual Result<std::vector<Agent>> List(ShopId shop) = 0;
  // Name, role and disabled_at. NotFound when the shop has no such agent.
  virtual Status Update(const Agent& agent) = 0;
  // Deletes every API token of the agent; how many.
  virtual Result<std::int64_t> RevokeTokens(ShopId shop, AgentId agent) = 0;
  // Stores the SHA-256 (hex) of an API token; the token itself is never stored.
  virtual Status AddToken(ShopId shop, AgentId agent, const std::string& token_sha256,
                          Timestamp created_at) = 0;
  // The agent owning the token with this hash. NotFound when unknown.
  // NotFound for an unknown token or one of a removed agent.
  virtual Result<Agent> FindByTokenHash(const std::string& token_sha256) = 0;

  // Stores an invitation to set a password: the SHA-256 (hex) of its token, usable once
  // until `expires_at`. NotFound when the shop has no such agent.
  virtual Status AddInvitation(ShopId shop, AgentId agent, const std::string& token_sha256,
                               Timestamp created_at, Timestamp expires_at) = 0;
  // The agent of the unused invitation with this token hash (any shop) and when it
  // expires. NotFound for an unknown or used one, or one of a removed agent.
  virtual Result<std::pair<Agent, Timestamp>> FindInvitation(const std::string& token_sha256) = 0;
  // Marks the invitation used, and every other unused one of the same agent.
  // NotFound when it is unknown or was used already.
  virtual Status UseInvitation(const std::string& token_sha256, Timestamp used_at) = 0;
};

}  // namespace shopdesk::store
