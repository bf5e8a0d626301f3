#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// threading_keys (prepare): item.keys as core/threading.h computes them, except that a
// bounce or a marketplace notice gets none (it joins a conversation only through the
// reply it names: link_delivery_report) and mail that may not thread by subject
// (!item.thread_by_subject) gets no subject key.
Status ComputeInboundThreadingKeys(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services
