#pragma once

// WebSocket connections (RFC 6455) as the application sees them, without Beast.
// The server hands an upgrade request to ServerOptions::websocket, which either
// refuses it with an ordinary response (401, 403, 404...) or accepts it with a
// WebSocketHandler; the server then completes the handshake and calls the handler.

#include <memory>
#include <string>
#include <string_view>

#include "http/server/request.h"
#include "http/server/response.h"

namespace shopdesk::http {

// The server's side of one open connection. Thread-safe: Send and Close may be
// called from any thread, also after the connection ended (they do nothing then).
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  // Queues one text message. A client that falls more than kMaxQueuedMessages behind
  // is disconnected (close code 1008, "too slow; reconnect") rather than letting the
  // queue grow without bound.
  virtual void SendText(std::string text) = 0;
  // Starts a normal close (code 1000) with `reason` (at most 123 bytes are sent).
  virtual void Close(std::string reason) = 0;

  static constexpr std::size_t kMaxQueuedMessages = 1000;
};

// What happens on one accepted connection. Called on the connection's strand, one
// call at a time, never after OnClose.
class WebSocketHandler {
 public:
  virtual ~WebSocketHandler() = default;
  // The handshake is done. Keep `connection` as a weak_ptr: it owns this handler.
  virtual void OnOpen(const std::shared_ptr<WebSocketConnection>& connection) = 0;
  // A text or binary message from the client (at most 64 KiB).
  virtual void OnMessage(std::string_view /*text*/) {}
  // The connection ended (closed by either side, timed out or failed). Called once,
  // unless the server was destroyed first.
  virtual void OnClose() {}
};

// The answer to an upgrade request: `handler` accepts it; without one, `refusal` is
// sent as an ordinary HTTP response and the connection closed.
struct WebSocketUpgrade {
  std::shared_ptr<WebSocketHandler> handler;
  Response refusal;
};

}  // namespace shopdesk::http
