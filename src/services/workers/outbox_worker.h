#pragma once

#include "channels/channel_registry.h"
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
  int skipped = 0;  // claimed, but another worker took the job over before it was tried

  int handled() const { return sent + retried + failed + skipped; }
};

// What an attempt leaves on its job (OutboxJob::last_error) when the node dies before
// the attempt's outcome is recorded; the next attempt recognizes it.
inline constexpr const char* kInterruptedAttemptNote =
    "interrupted: the node stopped during this attempt; the peer may already have the message";

// Delivers queued outbound messages, at least once:
//  1. Jobs are claimed under a lease (ClaimDue, committed).
//  2. Before each send, the attempt is recorded in its own transaction
//     (OutboxRepo::StartAttempt): attempts + 1 and a fresh lease for this job, on the
//     condition that this worker still holds the claim. A job whose lease ran out
//     while earlier jobs of the batch were being sent, and which another worker claimed
//     meanwhile, is skipped instead of being sent by both.
//  3. The message is sent. As soon as the peer accepted it, and before the goodbye
//     (SMTP QUIT: a round trip, or a slow peer's whim), it is marked sent and its job
//     removed in one transaction.
// A crash between the peer's acceptance and step 3's commit (a local transaction:
// milliseconds) cannot be told apart from a crash before the peer accepted: SMTP has
// no way to ask a peer whether it has a message. Such a job is claimed again when its lease ends
// and sent again with the same Message-ID (by which receiving servers and mail clients recognize a
// repeat); a lost reply would be worse than a repeated one. The attempt recorded in step 2 makes
// such a repeat visible (a warning naming the message) and counts it, so a reply whose
// sending kills the node every time is marked failed after max_attempts instead of
// taking the node down forever.
// Not thread-safe; one per worker thread. Several workers (threads, processes)
// never claim the same job.
class OutboxWorker {
 public:
  OutboxWorker(store::Database& db, const Clock& clock, OutboxPolicy policy = {},
               const channels::ChannelRegistry& channels = channels::BuiltInChannels());

  // Claims the jobs due now and tries each once. Unavailable when the database
  // fails; a delivery failure is recorded on the message, not returned.
  Result<OutboxRun> RunOnce();

 private:
  enum class Outcome { kSent, kRetry, kFailed, kSkipped };
  Result<Outcome> Deliver(const store::OutboxJob& job);
  // Records the result of attempt number `attempts` (`sent` ok or why not) in one
  // transaction: sent and done, scheduled again, or failed for good.
  Result<Outcome> Record(const store::OutboxJob& job, const Message& message,
                         const Channel& channel, int attempts, const Status& sent);

  store::Database& db_;
  const Clock& clock_;
  OutboxPolicy policy_;
  const channels::ChannelRegistry& channels_;
};

}  // namespace shopdesk::services
