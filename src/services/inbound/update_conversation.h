#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// update_conversation (store): item.conversation after the item: status (a resolved
// conversation opens again), activity, message count, the order id if it had none;
// then its response clock (services/response_clock.h). A clock starts for a
// customer's mail that asks for an answer (not an auto-reply, list mail, bounce or
// notice), and for a bounce or notice that says the shop's reply never arrived: the
// customer is still waiting. The clock starts when the customer wrote (Date), unless
// that is in the future or more than a week old. The conversation is written by
// record_events.
Status UpdateConversation(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services
