#include "services/event_hub.h"

#include <spdlog/spdlog.h>

#include "services/event_cursor.h"

namespace shopdesk::services {

EventHub::EventHub(std::string database_url, const Clock& clock, EventHubOptions options)
    : url_(std::move(database_url)), clock_(clock), options_(options) {}

EventHub::~EventHub() { Stop(); }

void EventHub::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  // Take the starting position now, so every event committed after Start() returns
  // is delivered; when the database is down the thread keeps trying.
  std::unique_ptr<store::Database> db;
  std::unique_ptr<EventCursor> cursor;
  healthy_ = static_cast<bool>(Connect(db, cursor));
  thread_ = std::thread(
      [this, db = std::move(db), cursor = std::move(cursor)]() mutable { Run(db, cursor); });
}

Status EventHub::Connect(std::unique_ptr<store::Database>& db,
                         std::unique_ptr<EventCursor>& cursor) {
  if (!db) {
    store::OpenOptions open;
    open.migrate = false;
    auto opened = store::OpenDatabase(url_, open);
    if (!opened) return opened.error();
    db = std::move(*opened);
  }
  if (!cursor) {
    // Start after what exists: a client that wants older events asks for them when
    // it connects (the `after` of /api/v1/events).
    auto latest = db->events().LatestId();
    if (!latest) return latest.error();
    cursor = std::make_unique<EventCursor>(*latest, options_.gap_grace_ms);
  }
  return Ok();
}

void EventHub::Stop() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

EventHub::Subscription::~Subscription() { hub_.Unsubscribe(id_); }

std::unique_ptr<EventHub::Subscription> EventHub::Subscribe(ShopId shop, Listener listener) {
  std::lock_guard lock(listeners_mu_);
  const std::uint64_t id = ++next_id_;
  listeners_.emplace(id, Entry{shop, std::move(listener)});
  by_shop_.emplace(shop, id);
  return std::make_unique<Subscription>(*this, id);
}

void EventHub::Unsubscribe(std::uint64_t id) {
  std::lock_guard lock(listeners_mu_);
  auto it = listeners_.find(id);
  if (it == listeners_.end()) return;
  auto [first, last] = by_shop_.equal_range(it->second.shop);
  for (auto s = first; s != last; ++s) {
    if (s->second == id) {
      by_shop_.erase(s);
      break;
    }
  }
  listeners_.erase(it);
}

void EventHub::Dispatch(const LiveEvent& event) {
  delivered_.fetch_add(1);
  std::lock_guard lock(listeners_mu_);
  auto [first, last] = by_shop_.equal_range(event.shop_id);
  for (auto it = first; it != last; ++it) {
    try {
      listeners_.at(it->second).listener(event);
    } catch (const std::exception& e) {
      spdlog::error("a live-event listener threw: {}", e.what());
    }
  }
}

Status EventHub::Follow(store::Database& db, EventCursor& cursor) {
  const Timestamp now = clock_.Now();
  for (;;) {
    auto events = db.events().ListAfter(cursor.after(), options_.batch);
    if (!events) return events.error();
    for (const auto& e : *events) {
      if (cursor.Accept(e.id, now)) Dispatch(e);
    }
    if (static_cast<int>(events->size()) < options_.batch) break;
  }
  // Missing ids are looked for on a timer, not on every wake: under load a commit
  // arrives every few milliseconds, and one range query per interval is enough.
  const auto steady_now = std::chrono::steady_clock::now();
  if (auto range = cursor.GapRange(); range && steady_now >= next_gap_check_) {
    next_gap_check_ = steady_now + options_.gap_check;
    for (LiveEventId first = range->first; first <= range->second;) {
      auto late = db.events().ListBetween(first, range->second, options_.batch);
      if (!late) return late.error();
      for (const auto& e : *late) {
        if (cursor.Accept(e.id, now)) Dispatch(e);
      }
      if (static_cast<int>(late->size()) < options_.batch) break;
      first = late->back().id + 1;
    }
  }
  cursor.Expire(now);
  return Ok();
}

void EventHub::Run(std::unique_ptr<store::Database>& db, std::unique_ptr<EventCursor>& cursor) {
  bool reported_outage = false;
  Timestamp next_prune = 0;
  while (!stopping_) {
    Status status = Connect(db, cursor);
    if (status) {
      const auto wait =
          db->backend() == "postgresql" ? options_.postgres_poll : options_.sqlite_poll;
      auto woke = db->WaitForEventSignal(wait);
      status = woke ? Follow(*db, *cursor) : Status(woke.error());
      if (status && clock_.Now() >= next_prune) {
        next_prune = clock_.Now() + kMillisPerHour;
        if (auto pruned = db->events().PruneBefore(clock_.Now() - options_.retention_ms);
            pruned && *pruned > 0) {
          spdlog::info("live events: pruned {} older than {} days", *pruned,
                       options_.retention_ms / kMillisPerDay);
        }
      }
    }
    healthy_ = static_cast<bool>(status);
    if (status) {
      if (reported_outage) spdlog::info("live events: database reachable again, following");
      reported_outage = false;
      continue;
    }
    if (!reported_outage) {
      spdlog::error("live events paused: {} (retrying every second)", status.error().message);
      reported_outage = true;
    }
    db.reset();  // reconnect (and LISTEN again) next round; the cursor keeps its place
    std::unique_lock lock(stop_mu_);
    stop_cv_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_.load(); });
  }
}

}  // namespace shopdesk::services
