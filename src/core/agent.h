#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/result.h"
#include "core/time.h"

namespace shopdesk {

enum class Role { kOwner, kAdmin, kAgent, kViewer };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
// Owners, admins and agents may reply, note, assign and change status; viewers only read.
bool RoleCanWrite(Role role);
// Owners and admins manage channels, agents, teams and settings.
bool RoleCanManage(Role role);

struct Agent;
// PermissionDenied "only an owner or admin of the shop can <what>" unless `by` may manage.
Status RequireManager(const Agent& by, std::string_view what);

struct Agent {
  ShopId shop_id = 0;
  AgentId id = 0;
  std::string email;
  std::string name;
  Role role = Role::kAgent;
  Timestamp created_at = 0;
  // Removed from the shop at this time (0: active). A removed agent keeps its row (history
  // names it) but its tokens and logins no longer reach the shop.
  Timestamp disabled_at = 0;
};

// An agent with the state of the login behind it (accounts are per person, not per shop).
struct AgentLogin {
  Agent agent;
  bool has_password = false;   // false: invited, no password set yet
  Timestamp locked_until = 0;  // after too many wrong passwords; 0 or past: not locked
};

}  // namespace shopdesk
