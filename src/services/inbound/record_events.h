#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// record_events (store, last): writes item.conversation and appends the live events
// (conversation.created for a new one, message.created for the item and for an away
// answer), which reach the desk after the commit.
Status RecordInboundEvents(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services
