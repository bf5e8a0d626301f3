#pragma once

// Agents and their roles, managed by a shop's owners and admins, each change recorded
// in the audit log in its own transaction. The rules, checked here (not only by the
// HTTP layer):
// - only owners and admins manage agents;
// - only an owner grants the owner role, or changes, resets or removes an owner;
// - a shop always keeps at least one active owner;
// - an admin resets the password of a person only when they manage every shop that
//   person works in (a password opens all of them).
// Not thread-safe (one Database); create one per request.

#include <optional>
#include <string>

#include "core/agent.h"
#include "core/clock.h"
#include "core/result.h"
#include "services/account_service.h"
#include "services/admin_service.h"
#include "services/audit_log.h"
#include "store/database.h"

namespace shopdesk::services {

struct AgentChange {
  std::optional<std::string> name;
  std::optional<Role> role;
  std::optional<bool> active;  // false removes the agent from the shop, true restores it
};

// An agent with the state of the login behind it (accounts are per person, not per shop).
struct AgentLogin {
  Agent agent;
  bool has_password = false;   // false: invited, no password set yet
  Timestamp locked_until = 0;  // after too many wrong passwords; 0 or past: not locked
};

// A link for an agent to set their own password: the token is shown once (only its
// SHA-256 is stored).
struct Invitation {
  Agent agent;  // who is invited
  std::string token;
  Timestamp expires_at = 0;
};

inline constexpr Timestamp kInvitationLifetimeMs = 72 * kMillisPerHour;

class AgentManagement {
 public:
  AgentManagement(store::Database& db, const Clock& clock, LoginPolicy policy = {});

  // The shop's agents (removed ones too) with their login state, by id.
  Result<std::vector<AgentLogin>> List(ShopId shop);
  // Adds an agent (or restores a removed one with this e-mail) and issues an API token.
  // Conflict when an active agent has the e-mail.
  Result<NewAgent> Add(const Agent& by, const std::string& remote_address, const std::string& email,
                       const std::string& name, Role role);
  // Name, role and active state; records agent.role_changed, agent.removed,
  // agent.restored or agent.renamed.
  Result<Agent> Update(const Agent& by, const std::string& remote_address, AgentId id,
                       const AgentChange& change);
  // Sets a new password for the agent's account (creating it when needed) and ends
  // their sessions. InvalidArgument for a password the policy refuses.
  Status ResetPassword(const Agent& by, const std::string& remote_address, AgentId id,
                       const std::string& password);
  // An invitation for the agent to set their own password, valid kInvitationLifetimeMs
  // and once (services/invitations.h mails and redeems it); earlier unused ones stay
  // valid until used or expired. Rules as ResetPassword; records agent.invited.
  Result<Invitation> Invite(const Agent& by, const std::string& remote_address, AgentId id);
  // Another API token for the agent: for themselves any role, for others a manager.
  Result<std::string> IssueToken(const Agent& by, const std::string& remote_address, AgentId id);

 private:
  // PermissionDenied unless `by` may change `target` (to `new_role`, when given);
  // Conflict when the change would leave the shop without an active owner.
  Status CheckMayChange(const Agent& by, const Agent& target, std::optional<Role> new_role,
                        bool removing);
  // PermissionDenied unless `by` manages every shop `target` works in (a password opens
  // them all); the memberships of `target`'s person otherwise.
  Result<std::vector<Agent>> CheckMaySetPassword(const Agent& by, const Agent& target);

  store::Database& db_;
  const Clock& clock_;
  LoginPolicy policy_;
};

}  // namespace shopdesk::services
