#pragma once

#include <cstdint>

#include "core/ids.h"
#include "core/result.h"
#include "core/time.h"

namespace shopdesk::store {

// What an erasure changed, for the caller and the audit log.
struct ErasureCounts {
  std::int64_t conversations = 0;
  std::int64_t messages = 0;
  std::int64_t attachments = 0;
  std::int64_t blobs_deleted = 0;
  std::int64_t outbox_jobs_cancelled = 0;
};

// Data-subject requests (APPI / GDPR).
class PrivacyRepo {
 public:
  virtual ~PrivacyRepo() = default;
  // Redacts everything held about one customer, in the caller's transaction: their
  // name and address, the text, HTML, subjects and addresses of every message of
  // their conversations (both directions), attachment names, the raw sources and
  // attachment bytes (blobs no other message uses), order numbers, and the live events
  // of those conversations; cancels replies not yet sent. Keeps every row, its
  // timestamps, channel, status and tags, so counts and response times in reports do
  // not change. NotFound for a customer not of this shop.
  virtual Result<ErasureCounts> EraseCustomer(ShopId shop, CustomerId customer, Timestamp now) = 0;
};

}  // namespace shopdesk::store
