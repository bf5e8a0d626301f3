#pragma once

// The `data` of each live event kind (core/live_event.h) as the text stored with the
// event: what a client needs to update a list row or a thread without fetching
// (docs/api/openapi.yaml, LiveEvent). Never fails: invalid UTF-8 is replaced.

#include <string>
#include <vector>

#include "core/conversation.h"
#include "core/message.h"
#include "core/sla_clock.h"

namespace shopdesk::views {

std::string ConversationCreatedData(const Conversation& conversation);
// With "changed" naming what an agent changed when `before` is given.
std::string ConversationUpdatedData(const Conversation& conversation, const Conversation* before);
std::string MessageCreatedData(const Message& message, const Conversation& conversation,
                               const std::vector<AgentId>& mentions);
std::string DeliveryChangedData(DeliveryState state, int attempts, const std::string& last_error);
std::string SlaAlertData(const SlaEvent& event);

}  // namespace shopdesk::views
