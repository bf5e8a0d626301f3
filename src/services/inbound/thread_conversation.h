#pragma once

#include "services/inbound/inbound_step.h"

namespace shopdesk::services {

// thread (store): item.conversation is the conversation the item joins, or a new one
// (item.started). A bounce or notice about a reply joins that reply's conversation;
// any other item follows core/threading.h with item.keys (the subject rule only with
// item.customer, and only when threading_keys left a subject key). A new conversation
// of a bounce or a notice is flagged as needing no reply. Closed conversations are
// never joined.
Status ThreadConversation(InboundItem& item, InboundContext& context);

}  // namespace shopdesk::services
