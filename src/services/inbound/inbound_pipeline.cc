#include "services/inbound/inbound_pipeline.h"

#include <array>

#include "services/inbound/away_answer.h"
#include "services/inbound/classify_sender.h"
#include "services/inbound/deduplicate.h"
#include "services/inbound/identify_customer.h"
#include "services/inbound/link_delivery_report.h"
#include "services/inbound/mark_undelivered.h"
#include "services/inbound/parse_step.h"
#include "services/inbound/record_events.h"
#include "services/inbound/store_message.h"
#include "services/inbound/thread_conversation.h"
#include "services/inbound/threading_keys.h"
#include "services/inbound/update_conversation.h"

namespace shopdesk::services {
namespace {

// parse runs first and takes the raw bytes, so it is not in this list.
constexpr std::array kPrepareSteps = {
    InboundStep{"classify_sender", ClassifySender},
    InboundStep{"threading_keys", ComputeInboundThreadingKeys},
};

constexpr std::array kStoreSteps = {
    InboundStep{"deduplicate", Deduplicate},
    InboundStep{"link_delivery_report", LinkDeliveryReport},
    InboundStep{"identify_customer", IdentifyCustomer},
    InboundStep{"thread", ThreadConversation},
    InboundStep{"store_message", StoreInboundMessage},
    InboundStep{"mark_undelivered", MarkUndeliveredReply},
    InboundStep{"update_conversation", UpdateConversation},
    InboundStep{"away_answer", AnswerAway},
    InboundStep{"record_events", RecordInboundEvents},
};

Status RunSteps(std::span<const InboundStep> steps, InboundItem& item, InboundContext& context) {
  for (const InboundStep& step : steps) {
    if (item.done) break;
    SHOPDESK_TRY(step.run(item, context));
  }
  return Ok();
}

}  // namespace

std::span<const InboundStep> InboundPrepareSteps() { return kPrepareSteps; }
std::span<const InboundStep> InboundStoreSteps() { return kStoreSteps; }

Result<InboundItem> PrepareInbound(std::string raw, InboundContext& context) {
  InboundItem item;
  SHOPDESK_TRY(ParseInbound(item, context, std::move(raw)));
  SHOPDESK_TRY(RunSteps(kPrepareSteps, item, context));
  return item;
}

Status StoreInbound(InboundItem& item, InboundContext& context) {
  return RunSteps(kStoreSteps, item, context);
}

Result<InboundShopRules> LoadInboundShopRules(store::Database& db, ShopId shop) {
  InboundShopRules rules;
  auto found = db.shops().Find(shop);
  if (!found) return found.error();
  rules.system_senders = found->system_senders;
  auto channels = db.channels().List(shop);
  if (!channels) return channels.error();
  for (const auto& channel : *channels) {
    if (!channel.address.empty()) rules.own_addresses.push_back(channel.address);
  }
  return rules;
}

}  // namespace shopdesk::services
