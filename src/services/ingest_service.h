#pragma once

#include <string>
#include <vector>

#include "channels/channel_adapter.h"
#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"
#include "services/inbound/inbound_item.h"
#include "store/database.h"

namespace shopdesk::services {

// An item ready for the store steps, with the channel it arrived on.
struct PreparedInbound {
  Channel channel;
  Result<InboundItem> item;
};

struct IngestOutcome {
  MessageId message_id = 0;
  ConversationId conversation_id = 0;
  bool duplicate = false;         // the same item was stored before; nothing changed
  bool new_conversation = false;  // this message started a conversation
  std::string decode_note;        // non-empty when part of the item could not be decoded
  bool auto_replied = false;      // away mode queued an automatic answer to it
  SenderKind sender = SenderKind::kCustomer;  // who wrote it (core/sender_rules.h)
  bool marked_undelivered = false;            // it said a reply of the shop's was not delivered
};

// The inbound use case: raw bytes from a channel become a stored message in a
// conversation through the inbound pipeline (inbound/inbound_pipeline.h), in one
// transaction (raw source, attachments, customer, threading, message, conversation
// state, response clock, events) or not at all. Idempotent: the same Message-ID (or,
// without one, the same raw bytes) on the same channel is stored once; a repeat
// returns the first outcome with duplicate=true.
//
// Not thread-safe (it uses one Database); create one per thread.
class IngestService {
 public:
  IngestService(store::Database& db, const Clock& clock, IngestOptions options = {});

  // Durable when it returns a value. Errors: InvalidArgument for empty input,
  // Unavailable when the database fails (nothing stored; retry).
  Result<IngestOutcome> Ingest(const Channel& channel, std::string raw);

  // Several items in one transaction (one fsync): the group commit of every inbound
  // path. The results are in input order; each is durable when returned. Items are
  // parsed before the transaction opens. If the shared transaction fails, every item
  // is stored again on its own, so one bad item cannot sink the others.
  std::vector<Result<IngestOutcome>> IngestBatch(const Channel& channel,
                                                 std::vector<std::string> raws);

  // The same for items prepared already (PrepareInboundItem, e.g. on the threads
  // that received them), each for its own channel of this database's shops.
  std::vector<Result<IngestOutcome>> StoreBatch(std::vector<PreparedInbound> items);
  std::vector<Result<IngestOutcome>> StoreBatch(const Channel& channel,
                                                std::vector<Result<InboundItem>> items);

  const IngestOptions& options() const { return options_; }

 private:
  Result<IngestOutcome> StoreInOwnTransaction(const Channel& channel, InboundItem& item);

  store::Database& db_;
  const Clock& clock_;
  IngestOptions options_;
};

// Parses and classifies one raw item for `channel` (the prepare steps): no database,
// callable on any thread. `rules` may be empty: the store steps do not depend on it.
Result<InboundItem> PrepareInboundItem(const Channel& channel, const IngestOptions& options,
                                       const InboundShopRules& rules, std::string raw);

}  // namespace shopdesk::services
