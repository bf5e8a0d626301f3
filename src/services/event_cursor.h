#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/live_event.h"
#include "core/time.h"

namespace shopdesk::services {

// Follows the live-event id sequence across every shop. On PostgreSQL ids come from a
// sequence and transactions commit out of order: event 11 can be visible before 10,
// whose transaction is still running. The cursor remembers such missing ids ("gaps")
// and asks for them again until they appear or `grace` has passed (then the
// transaction is taken as rolled back). On SQLite writers commit in id order and
// there are no gaps. Not thread-safe.
class EventCursor {
 public:
  // `start`: the highest id already handled (events after it are new).
  explicit EventCursor(LiveEventId start, Timestamp grace_ms = 10 * kMillisPerSecond);

  // Read events with id > after() for new ones.
  LiveEventId after() const { return highest_; }
  // The lowest and highest missing id, to look up again (one range query); nullopt
  // when nothing is missing.
  std::optional<std::pair<LiveEventId, LiveEventId>> GapRange() const;

  // True when `id` was not handled before (deliver it); records it. Ids far ahead of
  // the highest seen (more than kMaxGap) do not leave gaps behind: a jump that large
  // is a sequence cache or a bulk rollback, not transactions in flight.
  bool Accept(LiveEventId id, Timestamp now);
  // Forgets gaps first noticed before now - grace.
  void Expire(Timestamp now);

  std::size_t gap_count() const { return gaps_.size(); }

  static constexpr LiveEventId kMaxGap = 1000;

 private:
  LiveEventId highest_;
  Timestamp grace_ms_;
  std::map<LiveEventId, Timestamp> gaps_;  // id -> when first noticed missing
};

}  // namespace shopdesk::services
