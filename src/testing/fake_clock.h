#pragma once

#include <atomic>

#include "core/clock.h"

namespace shopdesk::testing {

// A clock that moves only when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start = 1'763'856'000'000 /* 2025-11-23T00:00:00Z */)
      : now_(start) {}
  Timestamp Now() const override { return now_.load(); }
  void Set(Timestamp t) { now_.store(t); }
  void Advance(Timestamp millis) { now_.fetch_add(millis); }

 private:
  std::atomic<Timestamp> now_;
};

}  // namespace shopdesk::testing
