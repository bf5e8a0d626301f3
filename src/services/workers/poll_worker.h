#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "services/ingest_service.h"
#include "store/database.h"

namespace shopdesk::services {

struct PollRun {
  int channels = 0;    // channels polled
  int stored = 0;      // new messages
  int duplicates = 0;  // already stored (e.g. acknowledged late after a crash)
  int errors = 0;      // channels or items that failed; recorded as channel health
};

struct PollPolicy {
  Timestamp interval = 60 * kMillisPerSecond;   // a channel is due again this long after a poll
  Timestamp lease = 5 * 60 * kMillisPerSecond;  // a claimed channel returns after this
  // false: poll every channel now, due or not (`shopdesk poll` from cron or by hand).
  bool only_due = true;
};

// Pulls mail from every channel with a pull source (IMAP) into IngestService.
// Channels are claimed like outbox jobs, so with several nodes on one database each
// due mailbox is polled by one node at a time. An
// item is acknowledged at the source (IMAP \Seen) only after its transaction
// committed: a crash in between re-delivers it and ingest recognizes the duplicate.
// Not thread-safe; one per worker thread.
class PollWorker {
 public:
  PollWorker(store::Database& db, const Clock& clock, IngestOptions options = {},
             PollPolicy policy = {});

  // One round over the due channels of every shop. Unavailable only when the
  // database fails; a mailbox failure is recorded on the channel and counted.
  Result<PollRun> RunOnce();
  // One round over one channel.
  Result<PollRun> PollChannel(const Channel& channel);

 private:
  store::Database& db_;
  const Clock& clock_;
  const channels::ChannelRegistry& channels_;  // IngestOptions::channels
  IngestService ingest_;
  PollPolicy policy_;
};

}  // namespace shopdesk::services
