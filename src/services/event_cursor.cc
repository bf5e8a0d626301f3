#include "services/event_cursor.h"

namespace shopdesk::services {

EventCursor::EventCursor(LiveEventId start, Timestamp grace_ms)
    : highest_(start), grace_ms_(grace_ms) {}

std::optional<std::pair<LiveEventId, LiveEventId>> EventCursor::GapRange() const {
  if (gaps_.empty()) return std::nullopt;
  return std::make_pair(gaps_.begin()->first, gaps_.rbegin()->first);
}

bool EventCursor::Accept(LiveEventId id, Timestamp now) {
  if (id > highest_) {
    if (id - highest_ - 1 <= kMaxGap) {
      for (LiveEventId missing = highest_ + 1; missing < id; ++missing) gaps_.emplace(missing, now);
    }
    highest_ = id;
    return true;
  }
  return gaps_.erase(id) > 0;
}

void EventCursor::Expire(Timestamp now) {
  for (auto it = gaps_.begin(); it != gaps_.end();) {
    it = now - it->second >= grace_ms_ ? gaps_.erase(it) : std::next(it);
  }
}

}  // namespace shopdesk::services
