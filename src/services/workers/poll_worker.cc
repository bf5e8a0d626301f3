#include "services/workers/poll_worker.h"

#include <spdlog/spdlog.h>

#include <limits>

namespace shopdesk::services {

PollWorker::PollWorker(store::Database& db, const Clock& clock, IngestOptions options,
                       PollPolicy policy)
    : db_(db),
      clock_(clock),
      channels_(*options.channels),
      ingest_(db, clock, std::move(options)),
      policy_(policy) {}

Result<PollRun> PollWorker::RunOnce() {
  std::vector<Channel> channels;
  {
    auto tx = db_.BeginWrite();
    if (!tx) return tx.error();
    const Timestamp now = clock_.Now();
    const Timestamp due_before = policy_.only_due ? now : std::numeric_limits<Timestamp>::max();
    auto claimed = db_.channels().ClaimDuePolls(due_before, now + policy_.lease, 100);
    if (!claimed) return claimed.error();
    SHOPDESK_TRY((*tx)->Commit());
    channels = std::move(*claimed);
  }
  PollRun total;
  for (const auto& channel : channels) {
    auto run = PollChannel(channel);
    if (!run) return run.error();  // the lease runs out and another round retries
    SHOPDESK_TRY(
        db_.channels().SchedulePoll(channel.shop_id, channel.id, clock_.Now() + policy_.interval));
    total.channels += run->channels;
    total.stored += run->stored;
    total.duplicates += run->duplicates;
    total.errors += run->errors;
  }
  return total;
}

namespace {

// Acknowledges stored items; false (recorded on the channel) when the source refused.
template <typename Record>
Result<bool> Acknowledge(channels::InboundSource& source, const std::vector<std::string>& ids,
                         Record& record) {
  if (ids.empty()) return true;
  if (auto ack = source.AcknowledgeMany(ids); !ack) {
    SHOPDESK_TRY(record(ack.error()));
    return false;
  }
  return true;
}

}  // namespace

Result<PollRun> PollWorker::PollChannel(const Channel& channel) {
  PollRun run;
  run.channels = 1;
  auto record = [&](const Error& error) -> Status {
    ++run.errors;
    spdlog::warn("channel {} (shop {}): {}", channel.name, channel.shop_id, error.message);
    return db_.channels().UpdateHealth(channel.shop_id, channel.id, false, error.message,
                                       PackReason(error), clock_.Now());
  };
  auto adapter = channels_.For(channel.kind);
  if (!adapter || !(*adapter)->Capabilities().polls) return run;
  auto source = (*adapter)->OpenSource(channel);
  if (!source) {
    if (source.error().code != ErrorCode::kNotFound) SHOPDESK_TRY(record(source.error()));
    return run;
  }
  auto pending = (*source)->ListPending();
  if (!pending) {
    SHOPDESK_TRY(record(pending.error()));
    return run;
  }
  // Fetch a batch, store it in one transaction, then acknowledge what it holds: the
  // \Seen flag comes after the commit, and a backlog costs one commit per batch.
  constexpr std::size_t kBatchItems = 200;
  constexpr std::size_t kBatchBytes = 32 * 1024 * 1024;
  for (std::size_t next = 0; next < pending->size();) {
    std::vector<std::string> ids, raws;
    std::size_t bytes = 0;
    bool fetch_failed = false;
    while (next < pending->size() && ids.size() < kBatchItems && bytes < kBatchBytes) {
      const std::string& id = (*pending)[next];
      auto raw = (*source)->Fetch(id);
      if (!raw) {
        SHOPDESK_TRY(record(raw.error()));
        fetch_failed = true;
        break;
      }
      ++next;
      bytes += raw->size();
      ids.push_back(id);
      raws.push_back(std::move(*raw));
    }
    auto outcomes = ingest_.IngestBatch(channel, std::move(raws));
    std::vector<std::string> done;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const auto& outcome = outcomes[i];
      if (!outcome) {
        // An empty item can never be stored; acknowledge it so it does not block the
        // mailbox. Anything else (a database failure) stays unacknowledged for later.
        if (outcome.error().code != ErrorCode::kInvalidArgument) {
          if (auto acknowledged = Acknowledge(**source, done, record); !acknowledged) {
            return acknowledged.error();
          }
          return outcome.error();
        }
        SHOPDESK_TRY(record(outcome.error()));
      } else if (outcome->duplicate) {
        ++run.duplicates;
      } else {
        ++run.stored;
      }
      done.push_back(ids[i]);
    }
    auto acknowledged = Acknowledge(**source, done, record);
    if (!acknowledged) return acknowledged.error();
    if (!*acknowledged || fetch_failed) return run;
  }
  if (run.errors == 0) {
    SHOPDESK_TRY(
        db_.channels().UpdateHealth(channel.shop_id, channel.id, true, "", "", clock_.Now()));
  }
  return run;
}

}  // namespace shopdesk::services
