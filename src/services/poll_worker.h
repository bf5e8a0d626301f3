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

// Pulls mail from every channel with a pull source (IMAP) into IngestService. An
// item is acknowledged at the source (IMAP \Seen) only after its transaction
// committed: a crash in between re-delivers it and ingest recognizes the duplicate.
// Not thread-safe; one per worker thread.
class PollWorker {
 public:
  PollWorker(store::Database& db, const Clock& clock, IngestOptions options = {});

  // One round over every polled channel of every shop. Unavailable only when the
  // database fails; a mailbox failure is recorded on the channel and counted.
  Result<PollRun> RunOnce();
  // One round over one channel.
  Result<PollRun> PollChannel(const Channel& channel);

 private:
  store::Database& db_;
  const Clock& clock_;
  IngestService ingest_;
};

}  // namespace shopdesk::services
