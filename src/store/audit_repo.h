#pragma once

#include <string>
#include <vector>

#include "core/audit.h"
#include "core/result.h"

namespace shopdesk::store {

// The append-only audit log.
class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  virtual Result<AuditEntry> Append(const AuditEntry& entry) = 0;
  // Newest first, ids below `before` (0: from the newest); `action_prefix` "" for all,
  // "login" for login and login_failed and login_locked.
  virtual Result<std::vector<AuditEntry>> List(ShopId shop, AuditEntryId before,
                                               const std::string& action_prefix, int limit) = 0;
};

}  // namespace shopdesk::store
