#include "services/ingest_service.h"

#include "services/inbound/inbound_pipeline.h"

namespace shopdesk::services {
namespace {

IngestOutcome OutcomeOf(const InboundItem& item) {
  IngestOutcome outcome;
  outcome.message_id = item.message_id;
  outcome.conversation_id = item.conversation_id;
  outcome.duplicate = item.duplicate;
  outcome.new_conversation = item.started;
  outcome.decode_note = item.duplicate ? "" : item.message.decode_note;
  outcome.auto_replied = item.away_answer.has_value();
  outcome.sender = item.sender_kind;
  outcome.marked_undelivered = item.returned_reply.has_value();
  return outcome;
}

}  // namespace

Result<InboundItem> PrepareInboundItem(const Channel& channel, const IngestOptions& options,
                                       const InboundShopRules& rules, std::string raw) {
  InboundContext context{nullptr, channel, options, rules, 0};
  return PrepareInbound(std::move(raw), context);
}

IngestService::IngestService(store::Database& db, const Clock& clock, IngestOptions options)
    : db_(db), clock_(clock), options_(std::move(options)) {}

Result<IngestOutcome> IngestService::Ingest(const Channel& channel, std::string raw) {
  std::vector<std::string> one;
  one.push_back(std::move(raw));
  return std::move(IngestBatch(channel, std::move(one)).front());
}

std::vector<Result<IngestOutcome>> IngestService::IngestBatch(const Channel& channel,
                                                              std::vector<std::string> raws) {
  // The shop's rules are read outside the batch's transaction: a channel added while a
  // batch is stored takes effect from the next one.
  auto rules = LoadInboundShopRules(db_, channel.shop_id);
  std::vector<Result<InboundItem>> items;
  items.reserve(raws.size());
  for (auto& raw : raws) {
    if (!rules) {
      items.push_back(rules.error());
      continue;
    }
    items.push_back(PrepareInboundItem(channel, options_, *rules, std::move(raw)));
  }
  return StoreBatch(channel, std::move(items));
}

std::vector<Result<IngestOutcome>> IngestService::StoreBatch(
    const Channel& channel, std::vector<Result<InboundItem>> items) {
  std::vector<PreparedInbound> prepared;
  prepared.reserve(items.size());
  for (auto& item : items) prepared.push_back({channel, std::move(item)});
  return StoreBatch(std::move(prepared));
}

std::vector<Result<IngestOutcome>> IngestService::StoreBatch(std::vector<PreparedInbound> items) {
  const InboundShopRules no_rules;  // the store steps do not read them
  std::vector<Result<IngestOutcome>> results;
  results.reserve(items.size());
  bool batch_ok = false;
  if (auto tx = db_.BeginWrite()) {
    const Timestamp now = clock_.Now();
    SlaSettingsCache settings;  // the batch's transaction changes none of them
    batch_ok = true;
    for (auto& [channel, item] : items) {
      if (!item) {
        results.push_back(item.error());
        continue;
      }
      InboundContext context{&db_, channel, options_, no_rules, now, &settings};
      if (!StoreInbound(*item, context)) {
        batch_ok = false;
        break;
      }
      results.push_back(OutcomeOf(*item));
    }
    if (batch_ok) batch_ok = (*tx)->Commit().has_value();
  }
  if (batch_ok) return results;
  // The shared transaction failed and was rolled back: store each item on its own so
  // one bad item cannot sink the others.
  results.clear();
  for (auto& [channel, item] : items) {
    if (!item) {
      results.push_back(item.error());
      continue;
    }
    results.push_back(StoreInOwnTransaction(channel, *item));
  }
  return results;
}

Result<IngestOutcome> IngestService::StoreInOwnTransaction(const Channel& channel,
                                                           InboundItem& item) {
  const InboundShopRules no_rules;
  // On PostgreSQL two nodes may store the same message (or create the same customer)
  // at once; the loser's unique key fails with Conflict. Its transaction is rolled
  // back and the next attempt finds the winner's row, so the item is stored once.
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    ResetStoreState(item);
    auto tx = db_.BeginWrite();
    if (!tx) return tx.error();
    InboundContext context{&db_, channel, options_, no_rules, clock_.Now()};
    Status stored = StoreInbound(item, context);
    Status committed = stored ? (*tx)->Commit() : stored;
    if (committed) return OutcomeOf(item);
    if (committed.error().code != ErrorCode::kConflict || attempt == kAttempts) {
      return committed.error();
    }
  }
}

}  // namespace shopdesk::services
