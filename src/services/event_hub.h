#pragma once

// Fans live events out to this node's subscribers (WebSocket clients), whichever node
// committed them. One thread per node follows the live_events table through its own
// connection: on PostgreSQL it LISTENs and wakes on every commit (NOTIFY), polling
// as a safety net; on SQLite it polls. Missing ids are looked up again for a while
// (EventCursor), so an event committed late is still delivered, once.
//
//   EventHub hub(url, clock, {});
//   hub.Start();
//   auto subscription = hub.Subscribe(shop_id, [](const LiveEvent& e) { ... });
//   ...                  // subscription destroyed: no more calls
//   hub.Stop();

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/live_event.h"
#include "store/database.h"

namespace shopdesk::services {

class EventCursor;

struct EventHubOptions {
  // How long one wait for a signal lasts: the polling interval on SQLite and the
  // safety-net interval on PostgreSQL (where commits wake the hub at once).
  std::chrono::milliseconds sqlite_poll{150};
  std::chrono::milliseconds postgres_poll{2000};
  // How long a missing id is looked for before it counts as rolled back.
  Timestamp gap_grace_ms = 10 * kMillisPerSecond;
  // How often missing ids are looked for.
  std::chrono::milliseconds gap_check{100};
  // Events older than this are deleted (hourly); clients resuming further back start
  // afresh from the current state.
  Timestamp retention_ms = 7 * kMillisPerDay;
  int batch = 500;
};

class EventHub {
 public:
  using Listener = std::function<void(const LiveEvent&)>;

  EventHub(std::string database_url, const Clock& clock, EventHubOptions options = {});
  ~EventHub();  // stops
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Starts the follower thread. Events committed from now on are delivered; a
  // database that is down is retried (logged once per outage) until it is back.
  void Start();
  void Stop();

  // Removes its listener when destroyed; after the destructor returns, the listener
  // is not running and will not be called again.
  class Subscription {
   public:
    Subscription(EventHub& hub, std::uint64_t id) : hub_(hub), id_(id) {}
    ~Subscription();
    Subscription(const Subscription&) = delete;
    Subscription& operator=(const Subscription&) = delete;

   private:
    EventHub& hub_;
    std::uint64_t id_;
  };

  // Calls `listener` on the hub's thread for every event of `shop` in id order. It
  // must not block (queue the work) and must not Subscribe or destroy a Subscription.
  std::unique_ptr<Subscription> Subscribe(ShopId shop, Listener listener);

  // False while the hub cannot reach the database.
  bool healthy() const { return healthy_.load(); }
  // Events delivered to at least the hub (whether or not anyone listened); for tests
  // and metrics.
  std::uint64_t delivered() const { return delivered_.load(); }

 private:
  // Opens `db` and places `cursor` where they are missing.
  Status Connect(std::unique_ptr<store::Database>& db, std::unique_ptr<EventCursor>& cursor);
  void Run(std::unique_ptr<store::Database>& db, std::unique_ptr<EventCursor>& cursor);
  // One round: reads new events and the pending gaps, dispatches them.
  Status Follow(store::Database& db, EventCursor& cursor);
  void Dispatch(const LiveEvent& event);
  void Unsubscribe(std::uint64_t id);

  std::string url_;
  const Clock& clock_;
  EventHubOptions options_;
  std::thread thread_;
  std::chrono::steady_clock::time_point next_gap_check_{};  // the hub thread's
  std::atomic<bool> stopping_{false};
  std::atomic<bool> healthy_{false};
  std::atomic<std::uint64_t> delivered_{0};

  // Held while dispatching, so Unsubscribe waits for a running listener.
  std::mutex listeners_mu_;
  struct Entry {
    ShopId shop;
    Listener listener;
  };
  std::map<std::uint64_t, Entry> listeners_;
  std::multimap<ShopId, std::uint64_t> by_shop_;
  std::uint64_t next_id_ = 0;

  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
};

}  // namespace shopdesk::services
