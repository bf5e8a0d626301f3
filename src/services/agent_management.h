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

struct NewAgent {
  Agent agent;
  std::string api_token;  // shown once; only its SHA-256 is stored
};

struct AgentChange {
  std::optional<std::string> name;
  std::optional<Role> role;
  std::optional<bool> active;  // false removes the agent from the shop, true restores it
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
  // `by` is the acting agent, to whom the rules above apply; `remote_address` where
  // the request came from, for the audit log.
  AgentManagement(store::Database& db, const Clock& clock, const Agent& by,
                  std::string remote_address, LoginPolicy policy = {});
  // The operator at the command line (`shopdesk user add`, the demo shop): allowed
  // everything in `shop` (also a new shop's first owner, whom no agent could add) and
  // audited as "cli:<user>".
  static AgentManagement CommandLine(store::Database& db, const Clock& clock, ShopId shop,
                                     LoginPolicy policy = {});

  // The shop's agents (removed ones too) with their login state, by id.
  Result<std::vector<AgentLogin>> List();
  // Adds an agent (or restores a removed one with this e-mail) and issues an API token.
  // InvalidArgument for a malformed e-mail; Conflict when an active agent has it.
  Result<NewAgent> Add(const std::string& email, const std::string& name, Role role);
  // Name, role and active state; records agent.role_changed, agent.removed,
  // agent.restored or agent.renamed.
  Result<Agent> Update(AgentId id, const AgentChange& change);
  // Sets a new password for the agent's account (creating it when needed) and ends
  // their sessions. InvalidArgument for a password the policy refuses.
  Status ResetPassword(AgentId id, const std::string& password);
  // An invitation for the agent to set their own password, valid kInvitationLifetimeMs
  // and once (services/invitations.h mails and redeems it); earlier unused ones stay
  // valid until used or expired. Rules as ResetPassword; records agent.invited.
  Result<Invitation> Invite(AgentId id);
  // Another API token for the agent: for themselves any role, for others a manager.
  Result<std::string> IssueToken(AgentId id);

 private:
  AgentManagement(store::Database& db, const Clock& clock, ShopId shop, std::optional<Agent> by,
                  Actor actor, LoginPolicy policy);
  // PermissionDenied unless the actor manages agents (the command line does).
  Status CheckManager() const;
  bool ActsAsOwner() const;
  // PermissionDenied unless the actor may change `target` (to `new_role`, when given);
  // Conflict when the change would leave the shop without an active owner.
  Status CheckMayChange(const Agent& target, std::optional<Role> new_role, bool removing);
  // PermissionDenied unless the actor manages every shop `target` works in (a password
  // opens them all); the memberships of `target`'s person otherwise.
  Result<std::vector<Agent>> CheckMaySetPassword(const Agent& target);
  // A new agent and its first token, inside the caller's transaction.
  Result<NewAgent> Create(const std::string& email, const std::string& name, Role role);
  Result<std::string> NewToken(AgentId id);

  store::Database& db_;
  const Clock& clock_;
  ShopId shop_;
  std::optional<Agent> by_;  // none: the command line
  Actor actor_;
  LoginPolicy policy_;
};

}  // namespace shopdesk::services
