#pragma once

// Group commit for inbound items that arrive one at a time on many threads (HTTP
// uploads) or from a stream (`shopdesk ingest`, the IMAP poller): callers prepare
// (parse) their item on their own thread and submit it; one committer thread stores
// what has queued up in one transaction (one fsync for many mails) and then answers
// every caller. A caller learns its result only after the commit that holds its item,
// so it acknowledges its source (exit code, \Seen, HTTP answer) only once the item is
// durable.
//
// A batch closes when it holds `max_items` items or `max_bytes` of raw mail, when no
// further item arrived within `linger` of the last one, or `max_wait` after its first
// item; so a lone item waits at most `linger` and a busy stream is committed in large
// batches. Submit blocks while `2 * max_items` items are queued (back-pressure keeps
// memory bounded). One item that cannot be stored never sinks the batch
// (IngestService::StoreBatch).

#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "services/ingest_service.h"
#include "store/database.h"

namespace shopdesk::services {

struct GroupCommitLimits {
  size_t max_items = 500;
  size_t max_bytes = 64 * 1024 * 1024;
  std::chrono::milliseconds max_wait{20};
  std::chrono::microseconds linger{1000};
};

class IngestCommitter {
 public:
  // `db` is used by the committer's thread only, from construction until destruction.
  IngestCommitter(store::Database& db, const Clock& clock, IngestOptions options,
                  GroupCommitLimits limits = {});
  // Stores everything submitted so far, then stops the thread.
  ~IngestCommitter();
  IngestCommitter(const IngestCommitter&) = delete;
  IngestCommitter& operator=(const IngestCommitter&) = delete;

  // Queues a prepared item (PrepareInboundItem); the future is ready once the item's
  // batch is committed (or failed). Thread-safe.
  std::future<Result<IngestOutcome>> Submit(Channel channel, Result<InboundItem> item);

  const IngestOptions& options() const { return ingest_.options(); }

  // Batches committed so far (for tests and metrics).
  std::int64_t batches() const;

 private:
  struct Pending {
    PreparedInbound item;
    std::promise<Result<IngestOutcome>> promise;
    size_t bytes = 0;
  };
  void Run();
  std::vector<Pending> TakeBatch(std::unique_lock<std::mutex>& lock);

  IngestService ingest_;
  const GroupCommitLimits limits_;
  mutable std::mutex mu_;
  std::condition_variable arrived_;  // an item was queued, or stopping
  std::condition_variable drained_;  // room in the queue
  std::deque<Pending> queue_;
  bool stopping_ = false;
  std::int64_t batches_ = 0;
  std::thread thread_;
};

}  // namespace shopdesk::services
