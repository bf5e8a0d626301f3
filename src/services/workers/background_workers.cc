#include "services/workers/background_workers.h"

#include <spdlog/spdlog.h>

#include "services/conversation_service.h"
#include "services/response_clock.h"
#include "services/workers/poll_worker.h"

namespace shopdesk::services {

BackgroundWorkers::BackgroundWorkers(store::DatabasePool& pool, const Clock& clock,
                                     WorkerOptions options)
    : pool_(pool), clock_(clock), options_(std::move(options)) {}

BackgroundWorkers::~BackgroundWorkers() { Stop(); }

template <typename Round>
void BackgroundWorkers::Loop(const char* name, std::chrono::milliseconds interval, bool* wake_flag,
                             Round round) {
  bool was_failing = false;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (stopping_) return;
    }
    Status status = Ok();
    if (auto db = pool_.Acquire()) {
      status = round(**db);
    } else {
      status = db.error();
    }
    if (!status && !was_failing) {
      spdlog::error("{} worker paused: {} (retrying every {} ms)", name, status.error().message,
                    interval.count());
    } else if (status && was_failing) {
      spdlog::info("{} worker resumed", name);
    }
    was_failing = !status;
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, interval, [&] { return stopping_ || *wake_flag; });
    *wake_flag = false;
  }
}

void BackgroundWorkers::Start() {
  if (options_.send) {
    threads_.emplace_back([this] {
      Loop("sender", options_.send_interval, &wake_sender_, [this](store::Database& db) -> Status {
        OutboxWorker worker(db, clock_, options_.outbox, *options_.ingest.channels);
        for (;;) {  // drain: a full batch means more may be due
          auto run = worker.RunOnce();
          if (!run) return run.error();
          if (run->handled() < options_.outbox.batch) return Ok();
        }
      });
    });
  }
  if (options_.poll) {
    threads_.emplace_back([this] {
      Loop("poller", options_.poll_interval, &wake_poller_, [this](store::Database& db) -> Status {
        PollPolicy policy;
        policy.interval = options_.poll_interval.count();
        policy.lease = options_.poll_lease;
        PollWorker worker(db, clock_, options_.ingest, policy);
        auto run = worker.RunOnce();
        if (!run) return run.error();
        if (run->stored > 0) spdlog::info("poller stored {} new messages", run->stored);
        return Ok();
      });
    });
  }
  if (options_.sla) {
    threads_.emplace_back([this] {
      Loop("sla", options_.sla_interval, &wake_sla_, [this](store::Database& db) -> Status {
        for (;;) {  // drain: a full batch means more may be due
          constexpr int kBatch = 200;
          auto swept = SweepResponseClocks(db, clock_.Now(), kBatch);
          if (!swept) return swept.error();
          if (swept->breaches > 0) {
            spdlog::info("response clocks: {} breached, {} warned", swept->breaches,
                         swept->warnings);
          }
          if (swept->conversations < kBatch) break;
        }
        // Holds that have ended: the conversations open again and their clocks resume.
        ConversationService conversations(db, clock_);
        for (;;) {
          constexpr int kBatch = 200;
          auto opened = conversations.EndHolds(kBatch);
          if (!opened) return opened.error();
          if (*opened > 0) spdlog::info("holds ended: {} conversations open again", *opened);
          if (*opened < kBatch) return Ok();
        }
      });
    });
  }
}

void BackgroundWorkers::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void BackgroundWorkers::WakeSender() {
  {
    std::lock_guard lock(mu_);
    wake_sender_ = true;
  }
  cv_.notify_all();
}

}  // namespace shopdesk::services
