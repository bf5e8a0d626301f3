#include "services/agent_management.h"

#include <algorithm>

#include "core/digest.h"
#include "core/email_address.h"
#include "core/text_normalize.h"

namespace shopdesk::services {
namespace {

std::string Target(AgentId id) { return "agent:" + std::to_string(id); }

}  // namespace

AgentManagement::AgentManagement(store::Database& db, const Clock& clock, const Agent& by,
                                 std::string remote_address, LoginPolicy policy)
    : AgentManagement(db, clock, by.shop_id, by, Actor::OfAgent(by, std::move(remote_address)),
                      policy) {}

AgentManagement::AgentManagement(store::Database& db, const Clock& clock, ShopId shop,
                                 std::optional<Agent> by, Actor actor, LoginPolicy policy)
    : db_(db),
      clock_(clock),
      shop_(shop),
      by_(std::move(by)),
      actor_(std::move(actor)),
      policy_(policy) {}

AgentManagement AgentManagement::CommandLine(store::Database& db, const Clock& clock, ShopId shop,
                                             LoginPolicy policy) {
  return AgentManagement(db, clock, shop, std::nullopt, Actor::CommandLine(), policy);
}

Status AgentManagement::CheckManager() const {
  return by_ ? RequireManager(*by_, "manage agents") : Ok();
}

bool AgentManagement::ActsAsOwner() const { return !by_ || by_->role == Role::kOwner; }

Status AgentManagement::CheckMayChange(const Agent& target, std::optional<Role> new_role,
                                       bool removing) {
  SHOPDESK_TRY(CheckManager());
  const bool touches_owner = target.role == Role::kOwner || (new_role && *new_role == Role::kOwner);
  if (touches_owner && !ActsAsOwner()) {
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

Result<NewAgent> AgentManagement::Add(const std::string& email, const std::string& name,
                                      Role role) {
  SHOPDESK_TRY(CheckManager());
  if (role == Role::kOwner && !ActsAsOwner()) {
    return Error::PermissionDenied("only an owner can grant the owner role")
        .WithReason("permission.owner_only");
  }
  const Timestamp now = clock_.Now();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  const std::string lowered = AsciiLower(email);
  auto existing = db_.agents().FindByEmail(shop_, lowered);
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
    auto token = NewToken(restored.id);
    if (!token) return token.error();
    added = NewAgent{restored, *token};
  } else {
    auto created = Create(email, name, role);
    if (!created) return created.error();
    added = std::move(*created);
  }
  SHOPDESK_TRY(RecordAudit(db_, shop_, actor_, "agent.added", Target(added.agent.id),
                           {{"email", added.agent.email}, {"role", RoleName(added.agent.role)}},
                           now));
  SHOPDESK_TRY((*tx)->Commit());
  return added;
}

Result<Agent> AgentManagement::Update(AgentId id, const AgentChange& change) {
  const Timestamp now = clock_.Now();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto target = db_.agents().Find(shop_, id);
  if (!target) return target.error();
  const bool removing = change.active && !*change.active && target->disabled_at == 0;
  const bool restoring = change.active && *change.active && target->disabled_at != 0;
  const bool role_changes = change.role && *change.role != target->role;
  SHOPDESK_TRY(CheckMayChange(*target, role_changes ? change.role : std::nullopt, removing));
  if (change.name && change.name->empty()) {
    return Error::InvalidArgument("an agent's name cannot be empty").WithReason("agent.no_name");
  }
  Agent updated = *target;
  if (change.name) updated.name = *change.name;
  if (change.role) updated.role = *change.role;
  if (removing) updated.disabled_at = now;
  if (restoring) updated.disabled_at = 0;
  SHOPDESK_TRY(db_.agents().Update(updated));
  if (role_changes) {
    SHOPDESK_TRY(RecordAudit(db_, shop_, actor_, "agent.role_changed", Target(id),
                             {{"email", updated.email},
                              {"from", RoleName(target->role)},
                              {"to", RoleName(updated.role)}},
                             now));
  }
  if (change.name && *change.name != target->name) {
    SHOPDESK_TRY(RecordAudit(db_, shop_, actor_, "agent.renamed", Target(id),
                             {{"from", target->name}, {"to", updated.name}}, now));
  }
  if (removing) {
    // Their API tokens die with the membership; their browser sessions stop reaching
    // this shop at once (memberships skip removed agents).
    auto revoked = db_.agents().RevokeTokens(shop_, id);
    if (!revoked) return revoked.error();
    SHOPDESK_TRY(RecordAudit(db_, shop_, actor_, "agent.removed", Target(id),
                             {{"email", updated.email}, {"api_tokens_revoked", *revoked}}, now));
  }
  if (restoring) {
    SHOPDESK_TRY(RecordAudit(db_, shop_, actor_, "agent.restored", Target(id),
                             {{"email", updated.email}}, now));
  }
  SHOPDESK_TRY((*tx)->Commit());
  return updated;
}

Result<std::vector<AgentLogin>> AgentManagement::List() {
  auto agents = db_.agents().List(shop_);
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

Result<std::vector<Agent>> AgentManagement::CheckMaySetPassword(const Agent& target) {
  auto memberships = db_.accounts().Memberships(target.email);
  if (!memberships) return memberships.error();
  if (!by_) return memberships;  // the operator may set any password
  auto mine = db_.accounts().Memberships(by_->email);
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

Result<Invitation> AgentManagement::Invite(AgentId id) {
  auto target = db_.agents().Find(shop_, id);
  if (!target) return target.error();
  SHOPDESK_TRY(CheckMayChange(*target, std::nullopt, false));
  if (target->disabled_at != 0) {
    return Error::Conflict("the agent was removed from the shop; restore them first")
        .WithReason("agent.removed");
  }
  if (auto ok = CheckMaySetPassword(*target); !ok) return ok.error();
  Invitation invitation;
  invitation.agent = *target;
  invitation.token = RandomHex(24);
  const Timestamp now = clock_.Now();
  invitation.expires_at = now + kInvitationLifetimeMs;
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  SHOPDESK_TRY(db_.agents().AddInvitation(shop_, id, Sha256Hex(invitation.token), now,
                                          invitation.expires_at));
  SHOPDESK_TRY(RecordAudit(
      db_, shop_, actor_, "agent.invited", Target(id),
      {{"email", target->email}, {"expires_at", FormatIso8601(invitation.expires_at)}}, now));
  SHOPDESK_TRY((*tx)->Commit());
  return invitation;
}

Status AgentManagement::ResetPassword(AgentId id, const std::string& password) {
  auto target = db_.agents().Find(shop_, id);
  if (!target) return target.error();
  SHOPDESK_TRY(CheckMayChange(*target, std::nullopt, false));
  auto memberships = CheckMaySetPassword(*target);
  if (!memberships) return memberships.error();
  AccountService accounts(db_, clock_, policy_);
  auto account = accounts.SetPassword(target->email, password);
  if (!account) return account.error();
  // Recorded after the password changed (SetPassword commits on its own); a failure here
  // leaves the new password in place and reports the error.
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  for (const auto& other : *memberships) {
    Actor actor = actor_;
    if (other.shop_id != shop_) actor.agent_id.reset();  // not an agent of that shop
    SHOPDESK_TRY(RecordAudit(db_, other.shop_id, actor, "password.reset", Target(other.id),
                             {{"email", other.email}, {"sessions_ended", true}}, clock_.Now()));
  }
  return (*tx)->Commit();
}

Result<std::string> AgentManagement::IssueToken(AgentId id) {
  const bool own = by_ && by_->id == id;
  if (!own) SHOPDESK_TRY(CheckManager());
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto target = db_.agents().Find(shop_, id);
  if (!target) return target.error();
  if (!own) SHOPDESK_TRY(CheckMayChange(*target, std::nullopt, false));
  if (target->disabled_at != 0) {
    return Error::Conflict("the agent was removed from the shop; restore them first")
        .WithReason("agent.removed");
  }
  auto token = NewToken(id);
  if (!token) return token.error();
  SHOPDESK_TRY(RecordAudit(db_, shop_, actor_, "api_token.issued", Target(id),
                           {{"email", target->email}}, clock_.Now()));
  SHOPDESK_TRY((*tx)->Commit());
  return token;
}

Result<NewAgent> AgentManagement::Create(const std::string& email, const std::string& name,
                                         Role role) {
  const std::string address = AsciiLower(email);
  if (!LooksLikeEmailAddress(address)) {
    return Error::InvalidArgument("'" + email + "' is not an e-mail address")
        .WithReason("agent.bad_email", {{"email", email}});
  }
  Agent agent;
  agent.shop_id = shop_;
  agent.email = address;
  agent.name = name.empty() ? address.substr(0, address.find('@')) : name;
  agent.role = role;
  agent.created_at = clock_.Now();
  auto created = db_.agents().Create(agent);
  if (!created) {
    if (created.error().code == ErrorCode::kConflict) {
      return Error::Conflict("the shop already has an agent with e-mail " + address)
          .WithReason("agent.exists", {{"email", address}});
    }
    return created.error();
  }
  auto token = NewToken(created->id);
  if (!token) return token.error();
  return NewAgent{*created, *token};
}

Result<std::string> AgentManagement::NewToken(AgentId id) {
  // "sd_" marks the string as a shopdesk token for secret scanners and humans.
  std::string token = "sd_" + RandomHex(24);
  SHOPDESK_TRY(db_.agents().AddToken(shop_, id, Sha256Hex(token), clock_.Now()));
  return token;
}

}  // namespace shopdesk::services
