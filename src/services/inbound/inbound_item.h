#pragma once

// The state one inbound item carries through the inbound pipeline
// (inbound_pipeline.h), and what every step may use. Each step reads what the steps
// before it filled and fills its own part; a step that stops the chain sets `done`.

#include <optional>
#include <string>
#include <vector>

#include "channels/channel_adapter.h"
#include "channels/channel_registry.h"
#include "core/channel.h"
#include "core/conversation.h"
#include "core/customer.h"
#include "core/message.h"
#include "core/sender_rules.h"
#include "core/threading.h"
#include "services/response_clock.h"
#include "store/database.h"

namespace shopdesk::services {

struct IngestOptions {
  channels::ParseOptions parse;
  ThreadingPolicy threading;
  // The adapters that parse items and say whether a channel sends (away answers);
  // never null. Tests give their own.
  const channels::ChannelRegistry* channels = &channels::BuiltInChannels();
};

// The person (or machine) a mail is from, as the pipeline understands it.
struct InboundParty {
  std::string name;
  std::string address;  // lower-cased; empty when the mail names no usable one
};

// What the shop says about senders, loaded once per batch (or given by tests).
struct InboundShopRules {
  // The shop's own channel addresses: a Reply-To naming one of them is ignored.
  std::vector<std::string> own_addresses;
  // The shop's additions to the built-in system senders (core/sender_rules.h).
  std::vector<std::string> system_senders;
};

// One batch's shared inputs.
struct InboundContext {
  store::Database* db = nullptr;  // for the store steps; nullptr while preparing
  const Channel& channel;
  const IngestOptions& options;
  const InboundShopRules& rules;
  Timestamp now = 0;
  // The batch's SLA and away settings, read once (store steps; may be null).
  SlaSettingsCache* settings = nullptr;
};

// What the store steps fill. Kept apart so that an item whose transaction was rolled
// back can be stored again from its prepared state (ResetStoreState).
struct InboundStoreState {
  bool done = false;       // the chain stopped (a duplicate)
  bool duplicate = false;  // the same item was stored before
  Customer customer;       // id 0 when the item joins a reply's conversation
  // A delivery report or an undelivered-notice that names a reply the shop sent: that
  // reply (link_delivery_report), then marked as not delivered (mark_undelivered).
  std::optional<Message> returned_reply;
  std::string undelivered_reason;  // what the report says went wrong
  Conversation conversation;       // joined or started (thread), then updated
  bool started = false;            // the conversation was started by this item
  Message stored;                  // the message as inserted (store_message)
  std::optional<Message> away_answer;
  // The result the caller sees.
  MessageId message_id = 0;
  ConversationId conversation_id = 0;
};

struct InboundItem : InboundStoreState {
  // parse
  channels::InboundMessage message;
  std::string raw_sha256;   // of message.raw, computed once
  std::string external_id;  // Message-ID, or "sha256:<raw hash>" without one
  // classify_sender
  SenderKind sender_kind = SenderKind::kCustomer;
  InboundParty party;             // whom the mail is from and whom an answer goes to
  bool thread_by_subject = true;  // false for template subjects and unknown senders
  // threading_keys
  ThreadingKeys keys;
};

// Forgets what the store steps filled, keeping the prepared item.
inline void ResetStoreState(InboundItem& item) {
  static_cast<InboundStoreState&>(item) = InboundStoreState{};
}

}  // namespace shopdesk::services
