#pragma once

#include <vector>

#include "core/result.h"
#include "core/team.h"

namespace shopdesk::store {

// Teams of agents, with their members.
class TeamRepo {
 public:
  virtual ~TeamRepo() = default;
  // Inserts with no members; fills id. Conflict when the shop has a team of that name.
  virtual Result<Team> Create(const Team& team) = 0;
  virtual Result<Team> Find(ShopId shop, TeamId id) = 0;
  virtual Result<std::vector<Team>> List(ShopId shop) = 0;
  // Replaces the members. NotFound for an unknown team or an agent not of this shop
  // (nothing changed then).
  virtual Status SetMembers(ShopId shop, TeamId id, const std::vector<AgentId>& agents) = 0;
  // Removes the team; its conversations keep their assignee and lose the team.
  virtual Status Delete(ShopId shop, TeamId id) = 0;
};

}  // namespace shopdesk::store
