#include "services/agent_management.h"

#include <algorithm>

#include "core/digest.h"
#include "core/text_normalize.h"

namespace shopdesk::services {
namespace {

std::string Target(AgentId id) { return "agent:" + std::to_string(id); }

}  // namespace

AgentManagement::AgentManagement(store::Database& db, const Clock& clock, LoginPolicy policy)
    : db_(db), clock_(clock), policy_(policy) {}

Status AgentManagement::CheckMayChange(const Agent& by, const Agent& target,
                                       std::optional<Role> new_role, bool removing) {
  SHOPDESK_TRY(RequireManager(by, "manage agents"));
  const bool touches_owner = target.role == Role::kOwner || (new_role && *new_role == Role::kOwner);
  if (touches_owner && by.role != Role::kOwner) {
    return Error::PermissionDenied(
               "only an owner can grant the owner role or change, reset or remove an owner")
        .WithReason("permission.owner_only");
  }
  const bool stops_owning = target.role == Role::kOwner && target.disabled_at == 0 &&
                            (removing || (new_role && *new_role != Role::kOwner));
  if (stops_owning) {
    auto agents = db_.agents().List(target.shop_id);
    if (!agents) return agents.error();
    const auto owners = std::count_if(agents->begin(), agents->end(), [](const Agent& a) {
      return a.role == Role::kOwner && a.disabled_at == 0;
    });
    if (owners <= 1) {
      return Error::Conflict(
                 "the shop must keep at least one owner: make another agent owner first")
          .WithReason("agent.last_owner");
    }
  }
  return Ok();
}

Result<NewAgent> AgentManagement::Add(const Agent& by, const std::string& remote_address,
                                      const std::string& email, const std::string& name,
                                      Role role) {
  SHOPDESK_TRY(RequireManager(by, "manage agents"));
  if (role == Role::kOwner && by.role != Role::kOwner) {
    return Error::PermissionDenied("only an owner can grant the owner role")
        .WithReason("permission.owner_only");
  }
  const Timestamp now = clock_.Now();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  AdminService admin(db_, clock_);
  const std::string lowered = AsciiLower(email);
  auto existing = db_.agents().FindByEmail(by.shop_id, lowered);
  if (!existing && existing.error().code != ErrorCode::kNotFound) return existing.error();
  NewAgent added;
  if (existing && existing->disabled_at == 0) {
    return Error::Conflict("the shop already has an agent with e-mail " + lowered)
        .WithReason("agent.exists", {{"email", lowered}});
  }
  if (existing) {
    // A removed agent comes back with its history and the role given now.
    Agent restored = *existing;
    restored.disabled_at = 0;
    restored.role = role;
    if (!name.empty()) restored.name = name;
    SHOPDESK_TRY(db_.agents().Update(restored));
    auto token = admin.IssueToken(by.shop_id, restored.id);
    if (!token) return token.error();
    added = NewAgent{restored, *token};
  } else {
    auto created = admin.CreateAgent(by.shop_id, email, name, role);
    if (!created) return created.error();
    added = std::move(*created);
  }
  SHOPDESK_TRY(RecordAudit(
      db_, by.shop_id, Actor::OfAgent(by, remote_address), "agent.added", Target(added.agent.id),
      {{"email", added.agent.email}, {"role", RoleName(added.agent.role)}}, now));
  SHOPDESK_TRY((*tx)->Commit());
  return added;
}

Result<Agent> AgentManagement::Update(const Agent& by, const std::string& remote_address,
                                      AgentId id, const AgentChange& change) {
  const Timestamp now = clock_.Now();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto target = db_.agents().Find(by.shop_id, id);
  if (!target) return target.error();
  const bool removing = change.active && !*change.active && target->disabled_at == 0;
  const bool restoring = change.active && *change.active && target->disabled_at != 0;
  const bool role_changes = change.role && *change.role != target->role;
  SHOPDESK_TRY(CheckMayChange(by, *target, role_changes ? change.role : std::nullopt, removing));
  if (change.name && change.name->empty()) {
    return Error::InvalidArgument("an agent's name cannot be empty").WithReason("agent.no_name");
  }
  Agent updated = *target;
  if (change.name) updated.name = *change.name;
  if (change.role) updated.role = *change.role;
  if (removing) updated.disabled_at = now;
  if (restoring) updated.disabled_at = 0;
  SHOPDESK_TRY(db_.agents().Update(updated));
  const Actor actor = Actor::OfAgent(by, remote_address);
  if (role_changes) {
    SHOPDESK_TRY(RecordAudit(db_, by.shop_id, actor, "agent.role_changed", Target(id),
                             {{"email", updated.email},
                              {"from", RoleName(target->role)},
                              {"to", RoleName(updated.role)}},
                             now));
  }
  if (change.name && *change.name != target->name) {
    SHOPDESK_TRY(RecordAudit(db_, by.shop_id, actor, "agent.renamed", Target(id),
                             {{"from", target->name}, {"to", updated.name}}, now));
  }
  if (removing) {
    // Their API tokens die with the membership; their browser sessions stop reaching
    // this shop at once (memberships skip removed agents).
    auto revoked = db_.agents().RevokeTokens(by.shop_id, id);
    if (!revoked) return revoked.error();
    SHOPDESK_TRY(RecordAudit(db_, by.shop_id, actor, "agent.removed", Target(id),
                             {{"email", updated.email}, {"api_tokens_revoked", *revoked}}, now));
  }
  if (restoring) {
    SHOPDESK_TRY(RecordAudit(db_, by.shop_id, actor, "agent.restored", Target(id),
                             {{"email", updated.email}}, now));
  }
  SHOPDESK_TRY((*tx)->Commit());
  return updated;
}

Result<std::vector<AgentLogin>> AgentManagement::List(ShopId shop) {
  auto agents = db_.agents().List(shop);
  if (!agents) return agents.error();
  std::vector<AgentLogin> out;
  out.reserve(agents->size());
  for (auto& agent : *agents) {
    AgentLogin row;
    auto account = db_.accounts().FindByEmail(agent.email);
    if (!account && account.error().code != ErrorCode::kNotFound) return account.error();
    if (account) {
      row.has_password = !account->password_hash.empty();
      row.locked_until = account->locked_until;
    }
    row.agent = std::move(agent);
    out.push_back(std::move(row));
  }
  return out;
}

Result<std::vector<Agent>> AgentManagement::CheckMaySetPassword(const Agent& by,
                                                                const Agent& target) {
  auto memberships = db_.accounts().Memberships(target.email);
  if (!memberships) return memberships.error();
  auto mine = db_.accounts().Memberships(by.email);
  if (!mine) return mine.error();
  for (const auto& other : *memberships) {
    const bool manages = std::any_of(mine->begin(), mine->end(), [&](const Agent& a) {
      return a.shop_id == other.shop_id && RoleCanManage(a.role) &&
             (other.role != Role::kOwner || a.role == Role::kOwner);
    });
    if (!manages) {
      return Error::PermissionDenied(
                 "this person also works in a shop you do not manage, so their password opens "
                 "that shop too: they can change it themselves, or an operator can run "
                 "`shopdesk user password`")
          .WithReason("agent.other_shops");
    }
  }
  return memberships;
}

Result<Invitation> AgentManagement::Invite(const Agent& by, const std::string& remote_address,
                                           AgentId id) {
  auto target = db_.agents().Find(by.shop_id, id);
  if (!target) return target.error();
  SHOPDESK_TRY(CheckMayChange(by, *target, std::nullopt, false));
  if (target->disabled_at != 0) {
    return Error::Conflict("the agent was removed from the shop; restore them first")
        .WithReason("agent.removed");
  }
  if (auto ok = CheckMaySetPassword(by, *target); !ok) return ok.error();
  Invitation invitation;
  invitation.agent = *target;
  invitation.token = RandomHex(24);
  const Timestamp now = clock_.Now();
  invitation.expires_at = now + kInvitationLifetimeMs;
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  SHOPDESK_TRY(db_.agents().AddInvitation(by.shop_id, id, Sha256Hex(invitation.token), now,
                                          invitation.expires_at));
  SHOPDESK_TRY(RecordAudit(
      db_, by.shop_id, Actor::OfAgent(by, remote_address), "agent.invited", Target(id),
      {{"email", target->email}, {"expires_at", FormatIso8601(invitation.expires_at)}}, now));
  SHOPDESK_TRY((*tx)->Commit());
  return invitation;
}

Status AgentManagement::ResetPassword(const Agent& by, const std::string& remote_address,
                                      AgentId id, const std::string& password) {
  auto target = db_.agents().Find(by.shop_id, id);
  if (!target) return target.error();
  SHOPDESK_TRY(CheckMayChange(by, *target, std::nullopt, false));
  auto memberships = CheckMaySetPassword(by, *target);
  if (!memberships) return memberships.error();
  AccountService accounts(db_, clock_, policy_);
  auto account = accounts.SetPassword(target->email, password);
  if (!account) return account.error();
  // Recorded after the password changed (SetPassword commits on its own); a failure here
  // leaves the new password in place and reports the error.
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  for (const auto& other : *memberships) {
    Actor actor = Actor::OfAgent(by, remote_address);
    if (other.shop_id != by.shop_id) actor.agent_id.reset();  // not an agent of that shop
    SHOPDESK_TRY(RecordAudit(db_, other.shop_id, actor, "password.reset", Target(other.id),
                             {{"email", other.email}, {"sessions_ended", true}}, clock_.Now()));
  }
  return (*tx)->Commit();
}

Result<std::string> AgentManagement::IssueToken(const Agent& by, const std::string& remote_address,
                                                AgentId id) {
  if (id != by.id) SHOPDESK_TRY(RequireManager(by, "manage agents"));
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto target = db_.agents().Find(by.shop_id, id);
  if (!target) return target.error();
  if (id != by.id) SHOPDESK_TRY(CheckMayChange(by, *target, std::nullopt, false));
  if (target->disabled_at != 0) {
    return Error::Conflict("the agent was removed from the shop; restore them first")
        .WithReason("agent.removed");
  }
  auto token = AdminService(db_, clock_).IssueToken(by.shop_id, id);
  if (!token) return token.error();
  SHOPDESK_TRY(RecordAudit(db_, by.shop_id, Actor::OfAgent(by, remote_address), "api_token.issued",
                           Target(id), {{"email", target->email}}, clock_.Now()));
  SHOPDESK_TRY((*tx)->Commit());
  return token;
}

}  // namespace shopdesk::services
