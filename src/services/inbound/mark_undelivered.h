#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// mark_undelivered (store): the reply link_delivery_report found is marked as not
// delivered (delivery failed, with the report's reason as its last error, shown in the
// conversation), a delivery.changed live event tells the desk, the channel it was
// sent on records the failure in its health, and the response clocks the reply
// answered run again (ResponseClock::OnDeliveryFailed). Nothing without such a reply.
Status MarkUndeliveredReply(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services
