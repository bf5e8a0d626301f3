#include "core/agent.h"

namespace shopdesk {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kOwner:
      return "owner";
    case Role::kAdmin:
      return "admin";
    case Role::kAgent:
      return "agent";
    case Role::kViewer:
      return "viewer";
  }
  return "viewer";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "owner") return Role::kOwner;
  if (name == "admin") return Role::kAdmin;
  if (name == "agent") return Role::kAgent;
  if (name == "viewer") return Role::kViewer;
  return std::nullopt;
}

bool RoleCanWrite(Role role) { return role != Role::kViewer; }
bool RoleCanManage(Role role) { return role == Role::kOwner || role == Role::kAdmin; }

Status RequireManager(const Agent& by, std::string_view what) {
  if (RoleCanManage(by.role)) return Ok();
  return Error::PermissionDenied("only an owner or admin of the shop can " + std::string(what))
      .WithReason("permission.manager_only");
}

}  // namespace shopdesk
