#pragma once

// Writing the audit log (core/audit.h). Call inside the transaction of the change being
// recorded, so that the change and its record commit or roll back together.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/agent.h"
#include "core/audit.h"
#include "core/result.h"
#include "store/database.h"

namespace shopdesk::services {

// Who is acting, as the audit log names them.
struct Actor {
  std::optional<AgentId> agent_id;
  std::string name;  // e-mail, "cli:<user>" or "system"
  std::string remote_address;

  static Actor OfAgent(const Agent& agent, std::string remote_address) {
    return Actor{agent.id, agent.email, std::move(remote_address)};
  }
  // The person at the command line (the OS user name, when known).
  static Actor CommandLine();
};

Status RecordAudit(store::Database& db, ShopId shop, const Actor& actor, std::string action,
                   std::string target, const nlohmann::json& detail, Timestamp now);

// The same entry in every shop of `memberships` (a person's login concerns each shop
// they work in), with each shop's agent as the actor.
Status RecordAuditInEach(store::Database& db, const std::vector<Agent>& memberships,
                         const std::string& remote_address, const std::string& action,
                         const nlohmann::json& detail, Timestamp now);

}  // namespace shopdesk::services
