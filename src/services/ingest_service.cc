#include "services/ingest_service.h"

#include "core/conversation_state.h"
#include "core/digest.h"
#include "services/auto_reply.h"
#include "services/live_events.h"
#include "services/response_clock.h"

namespace shopdesk::services {

struct IngestService::Parsed {
  channels::InboundMessage message;
  std::string external_id;
  ThreadingKeys keys;
};

namespace {

// Whether a message asks for an answer at all: auto-replies, mailing lists and
// bounces never start the response clock.
bool NeedsResponse(const MessageFlags& flags) {
  return !flags.auto_submitted && !flags.bulk && !flags.bounce;
}

constexpr const char* kUnknownSender = "unknown-sender@invalid";

}  // namespace

IngestService::IngestService(store::Database& db, const Clock& clock, IngestOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {}

Result<IngestService::Parsed> IngestService::Parse(const Channel& channel, std::string raw) const {
  if (raw.empty())
    return Error::InvalidArgument("the message is empty (0 bytes); nothing to store");
  auto adapter = channels::AdapterFor(channel.kind);
  if (!adapter) return adapter.error();
  const std::string raw_sha256 = Sha256Hex(raw);
  auto message = (*adapter)->Parse(std::move(raw), options_.parse);
  if (!message) return message.error();
  Parsed parsed{std::move(*message), {}, {}};
  // Without a Message-ID the bytes themselves are the identity of the item.
  parsed.external_id =
      parsed.message.external_id.empty() ? "sha256:" + raw_sha256 : parsed.message.external_id;
  parsed.keys = ComputeThreadingKeys(parsed.message.in_reply_to, parsed.message.references,
                                     parsed.message.subject, parsed.message.text);
  return parsed;
}

Result<IngestOutcome> IngestService::Ingest(const Channel& channel, std::string raw) {
  auto parsed = Parse(channel, std::move(raw));
  if (!parsed) return parsed.error();
  return StoreInOwnTransaction(channel, *parsed);
}

std::vector<Result<IngestOutcome>> IngestService::IngestBatch(const Channel& channel,
                                                              std::vector<std::string> raws) {
  // Parse outside the transaction: it is the CPU-heavy part and needs no lock.
  std::vector<Result<Parsed>> parsed;
  parsed.reserve(raws.size());
  for (auto& raw : raws) parsed.push_back(Parse(channel, std::move(raw)));

  std::vector<Result<IngestOutcome>> results;
  results.reserve(parsed.size());
  bool batch_ok = false;
  if (auto tx = db_.BeginWrite()) {
    batch_ok = true;
    for (auto& p : parsed) {
      if (!p) {
        results.push_back(p.error());
        continue;
      }
      auto outcome = Store(channel, *p);
      if (!outcome) {
        batch_ok = false;
        break;
      }
      results.push_back(std::move(outcome));
    }
    if (batch_ok) batch_ok = (*tx)->Commit().has_value();
  }
  if (batch_ok) return results;
  // The shared transaction failed and was rolled back: store each item on its own so
  // one bad item cannot sink the others.
  results.clear();
  for (auto& p : parsed) {
    if (!p) {
      results.push_back(p.error());
      continue;
    }
    results.push_back(StoreInOwnTransaction(channel, *p));
  }
  return results;
}

Result<IngestOutcome> IngestService::StoreInOwnTransaction(const Channel& channel,
                                                           const Parsed& parsed) {
  // On PostgreSQL two nodes may store the same message (or create the same customer)
  // at once; the loser's unique key fails with Conflict. Its transaction is rolled
  // back and the next attempt finds the winner's row, so the item is stored once.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    auto tx = db_.BeginWrite();
    if (!tx) return tx.error();
    auto outcome = Store(channel, parsed);
    Status committed = outcome ? (*tx)->Commit() : Status(outcome.error());
    if (committed) return outcome;
    if (committed.error().code != ErrorCode::kConflict || attempt == kAttempts) {
      return committed.error();
    }
  }
}

Result<Conversation> IngestService::FindOrStartConversation(const Channel& channel,
                                                            const Customer& customer,
                                                            const Parsed& parsed, bool* started) {
  const ShopId shop = channel.shop_id;
  const Timestamp now = clock_.Now();
  *started = false;
  if (!parsed.keys.referenced_ids.empty()) {
    auto found = db_.conversations().FindByMessageIds(shop, parsed.keys.referenced_ids);
    if (!found) return found.error();
    if (*found && MayJoin(**found)) return **found;
  }
  if (!parsed.keys.order_id.empty()) {
    auto found = db_.conversations().FindOpenByOrderId(shop, parsed.keys.order_id);
    if (!found) return found.error();
    if (*found && MayJoin(**found)) return **found;
  }
  if (!parsed.keys.normalized_subject.empty()) {
    auto found = db_.conversations().FindRecentBySubject(
        shop, customer.id, parsed.keys.normalized_subject, now - options_.threading.subject_window);
    if (!found) return found.error();
    if (*found && MayJoinBySubject(**found, customer.id, parsed.keys.normalized_subject, now,
                                   options_.threading)) {
      return **found;
    }
  }
  Conversation conversation;
  conversation.shop_id = shop;
  conversation.channel_id = channel.id;
  conversation.customer_id = customer.id;
  conversation.subject = parsed.message.subject;
  conversation.normalized_subject = parsed.keys.normalized_subject;
  conversation.order_id = parsed.keys.order_id;
  conversation.created_at = now;
  conversation.last_activity_at = now;
  *started = true;
  return db_.conversations().Create(conversation);
}

Result<IngestOutcome> IngestService::Store(const Channel& channel, const Parsed& parsed) {
  const ShopId shop = channel.shop_id;
  const Timestamp now = clock_.Now();
  const channels::InboundMessage& in = parsed.message;

  auto existing = db_.messages().FindByExternalId(shop, channel.id, parsed.external_id);
  if (!existing) return existing.error();
  if (*existing) {
    IngestOutcome outcome;
    outcome.message_id = (*existing)->id;
    outcome.conversation_id = (*existing)->conversation_id;
    outcome.duplicate = true;
    return outcome;
  }

  const std::string sender = in.from_address.empty() ? kUnknownSender : in.from_address;
  auto customer = db_.customers().FindOrCreateByEmail(shop, sender, in.from_name, now);
  if (!customer) return customer.error();

  bool started = false;
  auto conversation = FindOrStartConversation(channel, *customer, parsed, &started);
  if (!conversation) return conversation.error();

  Message message;
  message.shop_id = shop;
  message.conversation_id = conversation->id;
  message.channel_id = channel.id;
  message.direction = Direction::kInbound;
  message.from_name = in.from_name;
  message.from_address = sender;
  message.to_address = in.to_address;
  message.subject = in.subject;
  message.text = in.text;
  message.html = in.html;
  message.external_id = parsed.external_id;
  message.in_reply_to = in.in_reply_to;
  message.references = in.references;
  message.flags = in.flags;
  message.decode_note = in.decode_note;
  message.created_at = now;
  message.sent_at = in.date.value_or(now);

  message.raw_sha256 = Sha256Hex(in.raw);
  SHOPDESK_TRY(db_.blobs().Put(shop, message.raw_sha256, in.raw));
  for (auto& part : in.attachments) {
    Attachment attachment;
    attachment.filename = part.filename;
    attachment.content_type = part.content_type;
    attachment.size = part.size;
    attachment.content_id = part.content_id;
    attachment.inline_part = part.inline_part;
    if (!part.dropped) {
      attachment.sha256 = Sha256Hex(part.data);
      SHOPDESK_TRY(db_.blobs().Put(shop, attachment.sha256, part.data));
    }
    message.attachments.push_back(std::move(attachment));
  }
  auto stored = db_.messages().Insert(message);
  if (!stored) return stored.error();

  Conversation updated = *conversation;
  SetStatus(updated, StatusAfterInbound(updated.status), now);
  updated.last_activity_at = now;
  updated.message_count += 1;
  if (updated.order_id.empty()) updated.order_id = parsed.keys.order_id;
  // The clock starts when the customer wrote (Date header), which a delayed poll may
  // receive later; a Date in the future or more than a week old is not trusted.
  const Timestamp written =
      message.sent_at > now || message.sent_at < now - 7 * kMillisPerDay ? now : message.sent_at;
  SHOPDESK_TRY(
      ResponseClock(db_).OnInbound(updated, *stored, NeedsResponse(in.flags), written, now));
  auto away_answer = AnswerWhileAway(db_, channel, updated, *stored, now);
  if (!away_answer) return away_answer.error();
  SHOPDESK_TRY(db_.conversations().Update(updated));
  if (started) SHOPDESK_TRY(RecordConversationCreated(db_, updated, now));
  SHOPDESK_TRY(RecordMessageCreated(db_, *stored, updated, now));
  if (*away_answer) SHOPDESK_TRY(RecordMessageCreated(db_, **away_answer, updated, now));

  IngestOutcome outcome;
  outcome.message_id = stored->id;
  outcome.conversation_id = updated.id;
  outcome.new_conversation = started;
  outcome.decode_note = message.decode_note;
  outcome.auto_replied = away_answer->has_value();
  return outcome;
}

}  // namespace shopdesk::services
