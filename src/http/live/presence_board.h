#pragma once

// Who is viewing or typing in which conversation, for collision warnings ("佐藤 is
// replying"). Clients of the /api/v1/events WebSocket send
//
//   {"type":"presence","conversation_id":12,"state":"viewing"|"typing"|"left"}
//
// and every OTHER connection of the same shop on this node receives
//
//   {"type":"presence","conversation_id":12,"agent_id":3,"agent_name":"佐藤",
//    "state":"typing","at":"2026-11-28T05:00:00.000Z"}
//
// Presence is ephemeral (never stored) and per node: connections to another node
// behind a load balancer do not see it. It is soft state: a client re-sends its
// presence every 10 s; one not refreshed for kExpiry is dropped, and the others are
// sent "left" for it the next time anything happens in the shop (a message or a new
// connection), so clients should also let a presence fade after kExpiry on their own.
// A connection that closes is "left" at once for every conversation it was in. A new
// connection first receives the current presence of the others (with the time each
// was last refreshed as "at"), so it need not wait for their next refresh.
//
// Ignored without an answer (never closing the connection): messages over
// kMaxMessageBytes, not JSON, of another "type", with a conversation_id that is not a
// positive integer or an unknown state, and any message past kMessagesPerSecond
// (a token bucket per connection). The conversation id is not looked up: presence
// only ever reaches the sender's own shop, so a wrong id shows nothing of another.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/agent.h"
#include "core/ids.h"
#include "core/time.h"
#include "http/server/websocket.h"

namespace shopdesk::http {

// Thread-safe. REQUIRES: outlives every Member it handed out.
class PresenceBoard {
 public:
  static constexpr std::size_t kMaxMessageBytes = 1024;
  // Burst and sustained rate of client messages processed per connection.
  static constexpr int kMessagesPerSecond = 20;
  static constexpr Timestamp kExpiry = 30 * kMillisPerSecond;
  // A connection "in" more conversations than this loses its oldest one ("left").
  static constexpr std::size_t kMaxConversationsPerConnection = 32;

  // One connection on the board. Receive and Leave are called one at a time (from the
  // connection's strand); the board is locked inside.
  class Member {
   public:
    // Forgets the connection without telling anybody: used when the server is being
    // torn down and the other connections cannot be written to any more (call Leave
    // for a normal close).
    ~Member();
    Member(const Member&) = delete;
    Member& operator=(const Member&) = delete;

    // Handles one message from the client (see the top of this file); never fails.
    void Receive(std::string_view text, Timestamp now);
    // The connection closed: the others of the shop get "left" for every conversation
    // it was viewing or typing in. Idempotent.
    void Leave(Timestamp now);

   private:
    friend class PresenceBoard;
    Member(PresenceBoard& board, ShopId shop, std::uint64_t id, Timestamp now);

    PresenceBoard& board_;
    const ShopId shop_;
    const std::uint64_t id_;
    double tokens_;
    Timestamp refilled_at_;
    bool left_ = false;
  };

  PresenceBoard() = default;
  PresenceBoard(const PresenceBoard&) = delete;
  PresenceBoard& operator=(const PresenceBoard&) = delete;

  // Puts a connection of `agent` (its shop_id, id, and name, or e-mail when it has no
  // name) on the board and sends it the current presence of the shop's other
  // connections. `connection` is held weakly; a gone one is skipped.
  std::unique_ptr<Member> Join(const Agent& agent, std::weak_ptr<WebSocketConnection> connection,
                               Timestamp now);

  // Connections of `shop` on the board (for tests and metrics).
  std::size_t ConnectionCount(ShopId shop) const;

 private:
  struct Presence {
    std::string state;  // "viewing" or "typing"
    Timestamp at = 0;   // last refreshed
  };
  struct Entry {
    AgentId agent_id = 0;
    std::string agent_name;
    std::weak_ptr<WebSocketConnection> connection;
    std::map<ConversationId, Presence> conversations;
  };
  using Entries = std::map<std::uint64_t, Entry>;  // by member id
  class Outbox;

  // REQUIRES: mu_ held. Queues `text` for every connection of `entries` but `except`.
  static void RelayLocked(const Entries& entries, std::uint64_t except, const std::string& text,
                          Outbox& out);
  // REQUIRES: mu_ held. Drops presences older than kExpiry, relaying "left" for each.
  static void ExpireLocked(Entries& entries, Timestamp now, Outbox& out);

  void Receive(ShopId shop, std::uint64_t id, ConversationId conversation, const std::string& state,
               Timestamp now);
  void Leave(ShopId shop, std::uint64_t id, Timestamp now, bool tell_others);

  mutable std::mutex mu_;
  std::map<ShopId, Entries> shops_;
  std::uint64_t next_id_ = 1;
};

}  // namespace shopdesk::http
