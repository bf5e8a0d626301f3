#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "core/time.h"

namespace shopdesk::store {

struct OutboxJob {
  ShopId shop_id = 0;
  OutboxJobId id = 0;
  MessageId message_id = 0;
  int attempts = 0;
  Timestamp run_at = 0;        // not before
  Timestamp locked_until = 0;  // a claim's lease; expired leases are claimable again
  std::string last_error;
};

// Jobs that deliver outbound messages. A job exists until it is done or failed.
class OutboxRepo {
 public:
  virtual ~OutboxRepo() = default;
  virtual Result<OutboxJob> Enqueue(ShopId shop, MessageId message, Timestamp run_at) = 0;
  // Claims up to `limit` jobs of any shop with run_at <= now and an expired lease,
  // setting locked_until = lease_until. REQUIRES: inside a write transaction, so two
  // workers never claim the same job.
  virtual Result<std::vector<OutboxJob>> ClaimDue(Timestamp now, Timestamp lease_until,
                                                  int limit) = 0;
  // Records, in its own transaction before anything is sent, that the holder of a
  // claim (locked_until == held_until) starts an attempt: attempts + 1, a fresh lease
  // until lease_until for this job alone, and last_error = note, which is what a crash
  // during the attempt leaves behind (every outcome overwrites or deletes it).
  // NotFound when the claim is no longer held (its lease ended and another worker
  // claimed the job, or the job is gone): the caller must not send.
  virtual Status StartAttempt(ShopId shop, OutboxJobId id, Timestamp held_until,
                              Timestamp lease_until, const std::string& note) = 0;
  // Removes a delivered job.
  virtual Status Complete(ShopId shop, OutboxJobId id) = 0;
  // Releases the lease and schedules another attempt.
  virtual Status Reschedule(ShopId shop, OutboxJobId id, int attempts, Timestamp run_at,
                            const std::string& last_error) = 0;
  // Removes a job that will not be tried again.
  virtual Status Abandon(ShopId shop, OutboxJobId id) = 0;
  virtual Result<std::int64_t> CountPending() = 0;
};

}  // namespace shopdesk::store
