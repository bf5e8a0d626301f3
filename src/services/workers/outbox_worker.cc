#include "services/workers/outbox_worker.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "channels/channel_adapter.h"
#include "services/live_events.h"
#include "services/response_clock.h"

namespace shopdesk::services {

Timestamp BackoffAfter(int attempts, const OutboxPolicy& policy) {
  Timestamp delay = policy.first_backoff;
  for (int i = 1; i < attempts && delay < policy.max_backoff; ++i) delay *= 2;
  return std::min(delay, policy.max_backoff);
}

OutboxWorker::OutboxWorker(store::Database& db, const Clock& clock, OutboxPolicy policy,
                           const channels::ChannelRegistry& channels)
    : db_(db), clock_(clock), policy_(policy), channels_(channels) {}

Result<OutboxRun> OutboxWorker::RunOnce() {
  std::vector<store::OutboxJob> jobs;
  {
    auto tx = db_.BeginWrite();
    if (!tx) return tx.error();
    const Timestamp now = clock_.Now();
    auto claimed = db_.outbox().ClaimDue(now, now + policy_.lease, policy_.batch);
    if (!claimed) return claimed.error();
    SHOPDESK_TRY((*tx)->Commit());
    jobs = std::move(*claimed);
  }
  OutboxRun run;
  for (const auto& job : jobs) {
    auto outcome = Deliver(job);
    if (!outcome) return outcome.error();
    switch (*outcome) {
      case Outcome::kSent:
        ++run.sent;
        break;
      case Outcome::kRetry:
        ++run.retried;
        break;
      case Outcome::kFailed:
        ++run.failed;
        break;
      case Outcome::kSkipped:
        ++run.skipped;
        break;
    }
  }
  return run;
}

Result<OutboxWorker::Outcome> OutboxWorker::Deliver(const store::OutboxJob& job) {
  const ShopId shop = job.shop_id;
  auto message = db_.messages().Find(shop, job.message_id);
  if (!message) return message.error();
  auto channel = db_.channels().Find(shop, message->channel_id);
  if (!channel) return channel.error();
  auto customer_conversation = db_.conversations().Find(shop, message->conversation_id);
  if (!customer_conversation) return customer_conversation.error();
  auto customer = db_.customers().Find(shop, customer_conversation->customer_id);
  if (!customer) return customer.error();

  const bool interrupted = job.last_error == kInterruptedAttemptNote;
  if (interrupted && job.attempts >= policy_.max_attempts) {
    // Every attempt so far ended with the node: do not send once more.
    return Record(job, *message, *channel, job.attempts,
                  Error::Internal("gave up after " + std::to_string(job.attempts) +
                                  " attempts; the node stopped during the last one (does "
                                  "sending this message crash it?)"));
  }
  // The files go with every attempt; one gone from the blob store will not come back.
  std::vector<channels::OutboundAttachment> files;
  for (const auto& a : message->attachments) {
    auto data = db_.blobs().Get(shop, a.sha256);
    if (!data) {
      if (data.error().code != ErrorCode::kNotFound) return data.error();
      return Record(job, *message, *channel, job.attempts,
                    Error::Internal("the attachment '" + a.filename +
                                    "' is missing from the shop's stored files"));
    }
    files.push_back({a.filename, a.content_type, std::move(*data)});
  }
  {
    auto tx = db_.BeginWrite();
    if (!tx) return tx.error();
    const Status started = db_.outbox().StartAttempt(
        shop, job.id, job.locked_until, clock_.Now() + policy_.lease, kInterruptedAttemptNote);
    if (!started) {
      if (started.error().code == ErrorCode::kNotFound) return Outcome::kSkipped;
      return started.error();
    }
    SHOPDESK_TRY((*tx)->Commit());
  }
  if (interrupted) {
    spdlog::warn(
        "reply {} <{}> (shop {}): attempt {} was interrupted (the node stopped while sending "
        "it), so the peer may already have it; sending it again with the same Message-ID",
        message->id, message->external_id, shop, job.attempts);
  }

  channels::OutboundMessage out;
  out.message_id = message->external_id;
  out.in_reply_to = message->in_reply_to;
  out.references = message->references;
  out.from_name = channel->display_name;
  out.from_address = channel->address;
  out.to_name = customer->name;
  out.to_address = message->to_address;
  out.cc = message->cc;
  out.bcc = message->bcc;
  out.subject = message->subject;
  out.text = message->text;
  out.html = message->html;
  out.attachments = std::move(files);
  out.date = clock_.Now();
  out.auto_replied = message->flags.auto_submitted;

  // Recorded as soon as the peer accepted the message, not after the goodbye that
  // follows: a crash in between would have the message sent twice.
  std::optional<Result<Outcome>> recorded;
  const auto record_accepted = [&] {
    recorded = Record(job, *message, *channel, job.attempts + 1, Ok());
  };
  Status sent = Error::Internal("no adapter");
  if (auto adapter = channels_.For(channel->kind)) {
    sent = (*adapter)->Send(*channel, out, record_accepted);
  } else {
    sent = adapter.error();
  }
  if (recorded) return *recorded;
  return Record(job, *message, *channel, job.attempts + 1, sent);
}

Result<OutboxWorker::Outcome> OutboxWorker::Record(const store::OutboxJob& job,
                                                   const Message& message, const Channel& channel,
                                                   int attempts, const Status& sent) {
  const ShopId shop = job.shop_id;
  const Timestamp now = clock_.Now();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  Outcome outcome;
  if (sent) {
    SHOPDESK_TRY(db_.messages().UpdateDelivery(shop, message.id, DeliveryState::kSent, attempts, "",
                                               "", now));
    SHOPDESK_TRY(db_.outbox().Complete(shop, job.id));
    SHOPDESK_TRY(db_.channels().UpdateHealth(shop, channel.id, true, "", "", now));
    outcome = Outcome::kSent;
  } else {
    // Unavailable (a peer down, a 4xx) may pass; anything else will not.
    const bool transient = sent.error().code == ErrorCode::kUnavailable;
    const std::string& reason = sent.error().message;
    const std::string packed = PackReason(sent.error());
    if (transient && attempts < policy_.max_attempts) {
      SHOPDESK_TRY(db_.messages().UpdateDelivery(shop, message.id, DeliveryState::kQueued, attempts,
                                                 reason, packed, 0));
      SHOPDESK_TRY(db_.outbox().Reschedule(shop, job.id, attempts,
                                           now + BackoffAfter(attempts, policy_), reason));
      outcome = Outcome::kRetry;
    } else {
      SHOPDESK_TRY(db_.messages().UpdateDelivery(shop, message.id, DeliveryState::kFailed, attempts,
                                                 reason, packed, 0));
      SHOPDESK_TRY(db_.outbox().Abandon(shop, job.id));
      outcome = Outcome::kFailed;
    }
    SHOPDESK_TRY(db_.channels().UpdateHealth(shop, channel.id, false, reason, packed, now));
  }
  if (outcome != Outcome::kRetry) {
    // Only a delivery answers the customer; a failure owes the answer again.
    SHOPDESK_TRY(SettleDelivery(db_, message, outcome == Outcome::kSent, now));
  }
  const DeliveryState state = outcome == Outcome::kSent    ? DeliveryState::kSent
                              : outcome == Outcome::kRetry ? DeliveryState::kQueued
                                                           : DeliveryState::kFailed;
  SHOPDESK_TRY(RecordDeliveryChanged(db_, shop, message.conversation_id, message.id, state,
                                     attempts, sent ? "" : sent.error().message, now));
  SHOPDESK_TRY((*tx)->Commit());
  return outcome;
}

}  // namespace shopdesk::services
