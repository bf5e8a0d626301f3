#pragma once

#include <vector>

// Records live events (core/live_event.h) for the changes services make. Each call
// belongs inside the write transaction of its change: the event is committed with
// it or not at all. The `data` of each kind is what a client needs to update a list
// row or a thread without fetching (documented in docs/api/openapi.yaml, LiveEvent).

#include "core/conversation.h"
#include "core/message.h"
#include "core/result.h"
#include "core/sla_clock.h"
#include "store/database.h"

namespace shopdesk::services {

Status RecordConversationCreated(store::Database& db, const Conversation& conversation,
                                 Timestamp now);
// Status, flags, assignee, tags, due time, message count. Given the conversation as it
// was, the event also names what an agent changed ("changed": status, assignee_id,
// team_id, tags, intent), so that, say, a new assignee can be told.
Status RecordConversationUpdated(store::Database& db, const Conversation& conversation,
                                 Timestamp now, const Conversation* before = nullptr);
// A new inbound, outbound or note message, with the conversation as it is after it.
// A note's `mentions` are the agents it names with @, to be told (data "mentions").
Status RecordMessageCreated(store::Database& db, const Message& message,
                            const Conversation& conversation, Timestamp now,
                            const std::vector<AgentId>& mentions = {});
// An outbound message's delivery state after a send attempt.
Status RecordDeliveryChanged(store::Database& db, ShopId shop, ConversationId conversation,
                             MessageId message, DeliveryState state, int attempts,
                             const std::string& last_error, Timestamp now);

// A response clock's warning or breach (an SlaEvent of those kinds).
Status RecordSlaAlert(store::Database& db, const SlaEvent& event, Timestamp now);

}  // namespace shopdesk::services
