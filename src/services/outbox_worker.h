#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace shopdesk::services {

struct OutboxPolicy {
  int max_attempts = 8;                             // then the message is marked failed
  Timestamp first_backoff = 30 * kMillisPerSecond;  // doubled per attempt
  Timestamp max_backoff = kMillisPerHour;
  Timestamp lease = 2 * 60 * kMillisPerSecond;  // a claimed job returns after this
  int batch = 20;
};

// The delay before attempt `attempts + 1`, after `attempts` failures:
// first_backoff * 2^(attempts-1), at most max_backoff.
Timestamp BackoffAfter(int attempts, const OutboxPolicy& policy);

struct OutboxRun {
  int sent = 0;
  int retried = 0;  // failed this time, scheduled again
  int failed = 0;   // failed for good
};

// Delivers queued outbound messages. A job is claimed under a lease and committed
// before sending; a successful send marks the message sent and removes the job in
// one transaction. A crash before that commit leaves the job to be claimed again
// when the lease ends, and the retry carries the same Message-ID, so a receiving
// server that saw the first attempt can recognize it.
// Not thread-safe; one per worker thread. Several workers (threads, processes)
// never claim the same job.
class OutboxWorker {
 public:
  OutboxWorker(store::Database& db, const Clock& clock, OutboxPolicy policy = {});

  // Claims the jobs due now and tries each once. Unavailable when the database
  // fails; a delivery failure is recorded on the message, not returned.
  Result<OutboxRun> RunOnce();

 private:
  enum class Outcome { kSent, kRetry, kFailed };
  Result<Outcome> Deliver(const store::OutboxJob& job);

  store::Database& db_;
  const Clock& clock_;
  OutboxPolicy policy_;
};

}  // namespace shopdesk::services
