#include "services/poll_worker.h"

#include <spdlog/spdlog.h>

namespace shopdesk::services {

PollWorker::PollWorker(store::Database& db, const Clock& clock, IngestOptions options)
    : db_(db), clock_(clock), ingest_(db, clock, std::move(options)) {}

Result<PollRun> PollWorker::RunOnce() {
  auto channels = db_.channels().ListPolled();
  if (!channels) return channels.error();
  PollRun total;
  for (const auto& channel : *channels) {
    auto run = PollChannel(channel);
    if (!run) return run.error();
    total.channels += run->channels;
    total.stored += run->stored;
    total.duplicates += run->duplicates;
    total.errors += run->errors;
  }
  return total;
}

Result<PollRun> PollWorker::PollChannel(const Channel& channel) {
  PollRun run;
  run.channels = 1;
  auto record = [&](const Error& error) -> Status {
    ++run.errors;
    spdlog::warn("channel {} (shop {}): {}", channel.name, channel.shop_id, error.message);
    return db_.channels().UpdateHealth(channel.shop_id, channel.id, false, error.message,
                                       clock_.Now());
  };
  auto adapter = channels::AdapterFor(channel.kind);
  if (!adapter) return run;
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
  for (const auto& id : *pending) {
    auto raw = (*source)->Fetch(id);
    if (!raw) {
      SHOPDESK_TRY(record(raw.error()));
      return run;
    }
    auto outcome = ingest_.Ingest(channel, std::move(*raw));
    if (!outcome) {
      // An empty item can never be stored; acknowledge it so it does not block the
      // mailbox. Anything else (a database failure) stays unacknowledged for later.
      if (outcome.error().code != ErrorCode::kInvalidArgument) return outcome.error();
      SHOPDESK_TRY(record(outcome.error()));
    } else if (outcome->duplicate) {
      ++run.duplicates;
    } else {
      ++run.stored;
    }
    if (auto ack = (*source)->Acknowledge(id); !ack) {
      SHOPDESK_TRY(record(ack.error()));
      return run;
    }
  }
  if (run.errors == 0) {
    SHOPDESK_TRY(db_.channels().UpdateHealth(channel.shop_id, channel.id, true, "", clock_.Now()));
  }
  return run;
}

}  // namespace shopdesk::services
