#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "services/ingest_service.h"
#include "services/workers/outbox_worker.h"
#include "services/workers/poll_worker.h"
#include "store/database_pool.h"

namespace shopdesk::services {

struct WorkerOptions {
  std::chrono::milliseconds send_interval{1000};   // how often due replies are looked for
  std::chrono::milliseconds poll_interval{60000};  // how often IMAP mailboxes are polled
  // How often response clocks are checked for due warnings and breaches, and holds for their end.
  std::chrono::milliseconds sla_interval{15000};
  bool send = true;
  bool poll = true;
  bool sla = true;
  OutboxPolicy outbox;
  // How long a mailbox being polled stays claimed by this node (PollPolicy::lease);
  // the interval comes from poll_interval.
  Timestamp poll_lease = PollPolicy{}.lease;
  // Also names the channel adapters replies are sent with (IngestOptions::channels).
  IngestOptions ingest;
};

// The background work of `shopdesk serve`: one thread sends queued replies, one polls
// mailboxes, one fires response-clock warnings and breaches and opens conversations whose hold
// has ended. Each uses its own database connection.
// A failing database is logged and retried on the next round; nothing is lost because sources are
// acknowledged and jobs completed only after commit. Thread-safe.
class BackgroundWorkers {
 public:
  BackgroundWorkers(store::DatabasePool& pool, const Clock& clock, WorkerOptions options);
  ~BackgroundWorkers();  // stops and joins

  void Start();
  void Stop();
  // Makes the sender look for due replies now (after a reply was queued).
  void WakeSender();

 private:
  // Runs `round` every `interval` (or sooner when woken) until stopped.
  template <typename Round>
  void Loop(const char* name, std::chrono::milliseconds interval, bool* wake_flag, Round round);

  store::DatabasePool& pool_;
  const Clock& clock_;
  WorkerOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool wake_sender_ = false;
  bool wake_poller_ = false;
  bool wake_sla_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace shopdesk::services
