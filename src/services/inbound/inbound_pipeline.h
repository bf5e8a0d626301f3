#pragma once

// The inbound pipeline: how one raw item from a channel becomes a stored message in a
// conversation. The steps run in the order of the two lists in inbound_pipeline.cc
// (the one place that names them):
//   prepare (no database, outside the transaction; may run on any thread):
//     parse -> classify_sender -> threading_keys
//   store (inside the caller's write transaction, all or nothing):
//     deduplicate -> link_delivery_report -> identify_customer -> thread ->
//     store_message -> mark_undelivered -> update_conversation -> away_answer ->
//     record_events
// Each step's contract is in its own header. Adding a step: one file here and one
// line in a list.

#include <span>
#include <string>

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

std::span<const InboundStep> InboundPrepareSteps();
std::span<const InboundStep> InboundStoreSteps();

// Parses `raw` and runs the prepare steps. Errors as ParseInbound's.
Result<InboundItem> PrepareInbound(std::string raw, InboundContext& context);

// Runs the store steps on a prepared item until one stops the chain (a duplicate).
// REQUIRES: context.db set and inside a write transaction on it; on an error the caller rolls it
// back, since earlier steps may have written.
Status StoreInbound(InboundItem& item, InboundContext& context);

// The shop's sender rules for a batch: its channels' addresses, its own system senders.
Result<InboundShopRules> LoadInboundShopRules(store::Database& db, ShopId shop);

}  // namespace shopdesk::services
