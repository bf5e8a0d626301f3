#pragma once

#include <optional>
#include <string>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

// One line of a shop's audit log: who did what, when and from where. Written in the
// transaction of the change it records (a change and its record land together).
struct AuditEntry {
  ShopId shop_id = 0;
  AuditEntryId id = 0;
  Timestamp at = 0;
  std::optional<AgentId> actor_agent_id;  // nullopt: the command line or the system
  std::string actor;                      // the agent's e-mail, "cli:<user>" or "system"
  std::string action;                     // stable code, e.g. "login", "agent.role_changed"
  std::string target;                     // e.g. "agent:12", "customer:7"; may be empty
  std::string detail = "{}";              // JSON object with what changed
  std::string remote_address;             // client IP; "" from the command line
};

}  // namespace shopdesk
