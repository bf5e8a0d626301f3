#pragma once

// Data-subject requests (APPI / GDPR): everything held about one customer, and its
// erasure. Both are recorded in the audit log in their own transaction. Callers check
// that the actor may do this (owners and admins; the command line). Not thread-safe
// (one Database); create one per request.

#include <vector>

#include "core/clock.h"
#include "core/conversation_detail.h"
#include "core/result.h"
#include "services/audit_log.h"
#include "services/conversation_service.h"
#include "store/database.h"

namespace shopdesk::services {

class PrivacyService {
 public:
  PrivacyService(store::Database& db, const Clock& clock);

  // NotFound for a customer not of this shop. Records privacy.exported.
  Result<CustomerRecord> Export(ShopId shop, CustomerId customer, const Actor& actor);

  // Redacts the customer (store::PrivacyRepo::EraseCustomer says what exactly) and
  // records privacy.erased with the counts. Erasing twice is allowed and changes
  // nothing more.
  Result<store::ErasureCounts> Erase(ShopId shop, CustomerId customer, const Actor& actor);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace shopdesk::services
