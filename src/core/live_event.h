#pragma once

// Live events: what changed in a shop, for WebSocket clients on every node. They are
// rows written in the same transaction as the change they describe, so an event
// exists exactly when its change was committed, and a client that reconnects can
// ask for what it missed.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

using LiveEventId = std::int64_t;

enum class LiveEventKind {
  kConversationCreated,  // a new conversation (its first message follows)
  kConversationUpdated,  // status, flags, assignee or tags changed
  kMessageCreated,       // inbound, outbound or note
  kMessageUpdated,       // an outbound message's delivery state changed
  kSlaAlert,             // a response clock warned (time nearly up) or was breached
};

// "conversation.created", ... (the `type` field clients see).
std::string_view LiveEventKindName(LiveEventKind kind);
std::optional<LiveEventKind> ParseLiveEventKind(std::string_view name);

struct LiveEvent {
  ShopId shop_id = 0;
  LiveEventId id = 0;  // assigned when stored; increases, with possible gaps
  LiveEventKind kind = LiveEventKind::kMessageCreated;
  ConversationId conversation_id = 0;
  std::optional<MessageId> message_id;
  // A JSON object with the fields a client needs to update its view without a
  // fetch (status, assignee_id, direction, delivery...). "{}" when none.
  std::string data = "{}";
  Timestamp created_at = 0;
};

}  // namespace shopdesk
