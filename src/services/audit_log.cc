#include "services/audit_log.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace shopdesk::services {

Actor Actor::CommandLine() {
  const char* user = std::getenv("USER");
  if (!user || !*user) {
    const passwd* entry = ::getpwuid(::geteuid());
    user = entry && entry->pw_name ? entry->pw_name : nullptr;
  }
  return Actor{std::nullopt, std::string("cli:") + (user && *user ? user : "unknown"), ""};
}

Status RecordAudit(store::Database& db, ShopId shop, const Actor& actor, std::string action,
                   std::string target, const nlohmann::json& detail, Timestamp now) {
  AuditEntry entry;
  entry.shop_id = shop;
  entry.at = now;
  entry.actor_agent_id = actor.agent_id;
  entry.actor = actor.name;
  entry.action = std::move(action);
  entry.target = std::move(target);
  // Replacement for invalid UTF-8 (a typed e-mail may hold anything): a record must
  // never fail the change it records.
  entry.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  entry.remote_address = actor.remote_address;
  auto stored = db.audit().Append(entry);
  if (!stored) return stored.error();
  return Ok();
}

Status RecordAuditInEach(store::Database& db, const std::vector<Agent>& memberships,
                         const std::string& remote_address, const std::string& action,
                         const nlohmann::json& detail, Timestamp now) {
  for (const auto& agent : memberships) {
    SHOPDESK_TRY(RecordAudit(db, agent.shop_id, Actor::OfAgent(agent, remote_address), action,
                             "agent:" + std::to_string(agent.id), detail, now));
  }
  return Ok();
}

}  // namespace shopdesk::services
