#pragma once

// GET /api/v1/events: a WebSocket carrying one shop's live events as JSON text
// messages (docs/api/openapi.yaml, LiveEvent):
//
//   {"type":"hello","shop_id":1,"agent_id":2}
//   {"id":41,"type":"message.created","shop_id":1,"conversation_id":7,
//    "message_id":90,"at":"2026-11-28T05:00:00.000Z","data":{...}}
//
// Authenticated like the REST API (Authorization: Bearer); the agent's shop is the
// only one whose events are sent. `?after=ID` first replays that shop's stored events
// with a larger id (up to kMaxReplay; when more are missed, a {"type":"resync"}
// message tells the client to reload instead), so a client that reconnects misses
// nothing. Ids identify events; a client may see one twice around a reconnect.
// A browser session names its shop with ?shop=ID (it cannot set X-Shop-Id here).
//
// The client may send presence messages (collision warnings); they are relayed to the
// shop's other connections on this node as {"type":"presence",...} messages, see
// presence_board.h. Nothing else a client sends is read.

#include "http/api/api.h"
#include "http/server/websocket.h"

namespace shopdesk::http {

inline constexpr int kMaxReplay = 1000;

// Accepts the upgrade for an authenticated agent, or refuses with 401/403/503.
WebSocketUpgrade AcceptEventStream(ApiContext& context, Request& request);

// The wire form of one event (the JSON above).
std::string LiveEventJson(const LiveEvent& event);

}  // namespace shopdesk::http
