#pragma once

#include <string>
#include <vector>

#include "channels/channel_adapter.h"
#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/threading.h"
#include "store/database.h"

namespace shopdesk::services {

struct IngestOptions {
  channels::ParseOptions parse;
  ThreadingPolicy threading;
};

struct IngestOutcome {
  MessageId message_id = 0;
  ConversationId conversation_id = 0;
  bool duplicate = false;         // the same item was stored before; nothing changed
  bool new_conversation = false;  // this message started a conversation
  std::string decode_note;        // non-empty when part of the item could not be decoded
  bool auto_replied = false;      // away mode queued an automatic answer to it
};

// The inbound use case: raw bytes from a channel become a stored message in a
// conversation, in one transaction (raw source, attachments, customer, threading,
// message, conversation state) or not at all. Idempotent: the same Message-ID (or,
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

  // Several items in one transaction (one fsync), for pipelines and benchmarks. The
  // results are in input order; durable when returned. If the transaction fails,
  // every item is retried on its own so one bad item cannot sink the others.
  std::vector<Result<IngestOutcome>> IngestBatch(const Channel& channel,
                                                 std::vector<std::string> raws);

 private:
  struct Parsed;
  Result<Parsed> Parse(const Channel& channel, std::string raw) const;
  // REQUIRES: inside a write transaction.
  Result<IngestOutcome> Store(const Channel& channel, const Parsed& parsed);
  Result<IngestOutcome> StoreInOwnTransaction(const Channel& channel, const Parsed& parsed);
  Result<Conversation> FindOrStartConversation(const Channel& channel, const Customer& customer,
                                               const Parsed& parsed, bool* started);

  store::Database& db_;
  const Clock& clock_;
  IngestOptions options_;
};

}  // namespace shopdesk::services
