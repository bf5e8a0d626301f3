#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// store_message (store): the raw source and every kept attachment go to the blob
// store (content-addressed by SHA-256; the raw hash is parse's), then the message row
// with its attachments: from item.party, in item.conversation. item.stored is the
// message as inserted.
Status StoreInboundMessage(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services
