#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// deduplicate (store): an item whose external id the channel stored before changes
// nothing: item.done and item.duplicate are set and the first message's ids returned.
Status Deduplicate(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services
