#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// identify_customer (store): nothing for a bounce or notice about a reply of the shop's
// (it joins that reply's conversation, whose customer stays). Otherwise item.customer is the
// shop's customer with item.party's address, created on first contact (a non-empty name fills
// an empty one); when the channel knows the sender by an identity of its own
// (sender_identity: a site's customer id), the customer with that identity, which on first
// contact becomes also an identity of the customer with the address. A mail that names nobody
// who could be answered gets a customer of its own,
// "unknown-sender+<first 16 hex digits of the raw hash>@invalid", so two such mails are never
// one customer and a reply to it is refused with a reason.
Status IdentifyCustomer(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services
