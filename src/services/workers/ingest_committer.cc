#include "services/workers/ingest_committer.h"

namespace shopdesk::services {

IngestCommitter::IngestCommitter(store::Database& db, const Clock& clock, IngestOptions options,
                                 GroupCommitLimits limits)
    : ingest_(db, clock, std::move(options)), limits_(limits), thread_([this] { Run(); }) {}

IngestCommitter::~IngestCommitter() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  arrived_.notify_all();
  thread_.join();
}

std::future<Result<IngestOutcome>> IngestCommitter::Submit(Channel channel,
                                                           Result<InboundItem> item) {
  Pending pending{{std::move(channel), std::move(item)}, {}, 0};
  if (pending.item.item) pending.bytes = pending.item.item->message.raw.size();
  auto future = pending.promise.get_future();
  {
    std::unique_lock lock(mu_);
    drained_.wait(lock, [&] { return queue_.size() < 2 * limits_.max_items || stopping_; });
    queue_.push_back(std::move(pending));
  }
  arrived_.notify_one();
  return future;
}

std::int64_t IngestCommitter::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::vector<IngestCommitter::Pending> IngestCommitter::TakeBatch(
    std::unique_lock<std::mutex>& lock) {
  arrived_.wait(lock, [&] { return !queue_.empty() || stopping_; });
  const auto deadline = std::chrono::steady_clock::now() + limits_.max_wait;
  std::vector<Pending> batch;
  size_t bytes = 0;
  for (;;) {
    while (!queue_.empty() && batch.size() < limits_.max_items &&
           (batch.empty() || bytes + queue_.front().bytes <= limits_.max_bytes)) {
      bytes += queue_.front().bytes;
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    drained_.notify_all();
    if (batch.empty() || batch.size() >= limits_.max_items || bytes >= limits_.max_bytes ||
        !queue_.empty() || stopping_) {
      return batch;
    }
    // Linger for a moment: under load the next item is already on its way.
    const auto until = std::min(deadline, std::chrono::steady_clock::now() + limits_.linger);
    if (!arrived_.wait_until(lock, until, [&] { return !queue_.empty() || stopping_; })) {
      return batch;
    }
  }
}

void IngestCommitter::Run() {
  for (;;) {
    std::vector<Pending> batch;
    {
      std::unique_lock lock(mu_);
      batch = TakeBatch(lock);
      if (batch.empty() && stopping_) return;
    }
    std::vector<PreparedInbound> items;
    items.reserve(batch.size());
    for (auto& p : batch) items.push_back(std::move(p.item));
    auto results = ingest_.StoreBatch(std::move(items));
    {
      std::lock_guard lock(mu_);
      ++batches_;
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i].promise.set_value(std::move(results[i]));
  }
}

}  // namespace shopdesk::services
