#pragma once

#include <cstdint>
#include <vector>

#include "core/live_event.h"
#include "core/result.h"

namespace shopdesk::store {

// Live events (core/live_event.h). Appended inside the write transaction of the
// change they describe; read by every node's EventHub and by clients resuming.
class EventRepo {
 public:
  virtual ~EventRepo() = default;
  // Stores the event and fills its id; on PostgreSQL also signals listening nodes,
  // which wake when the transaction commits. REQUIRES: inside a write transaction.
  // Append for a caller that needs no id: the insert may be deferred (PostgreSQL's
  // pipeline) and fails the transaction if it fails.
  virtual Status Record(const LiveEvent& event) = 0;
  virtual Result<LiveEvent> Append(const LiveEvent& event) = 0;
  // Events of every shop with id > after, oldest first: the node's fan-out, the one
  // cross-shop read besides job claims (each event is routed by its shop_id).
  virtual Result<std::vector<LiveEvent>> ListAfter(LiveEventId after, int limit) = 0;
  // Events of every shop with first <= id <= last, oldest first, at most `limit` (a
  // follower looking again for ids that were missing).
  virtual Result<std::vector<LiveEvent>> ListBetween(LiveEventId first, LiveEventId last,
                                                     int limit) = 0;
  // One shop's events with id > after, oldest first (a client catching up).
  virtual Result<std::vector<LiveEvent>> ListForShop(ShopId shop, LiveEventId after, int limit) = 0;
  // The highest id stored, 0 when none.
  virtual Result<LiveEventId> LatestId() = 0;
  // Deletes events created before `before`; how many.
  virtual Result<std::int64_t> PruneBefore(Timestamp before) = 0;
};

}  // namespace shopdesk::store
