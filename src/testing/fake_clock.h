#pragma once

#include "core/clock.h"

namespace shopdesk::testing {

// Tests move time by hand; they never sleep.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start = 1'763'856'000'000 /* 2025-11-23T00:00:00Z */)
      : clock_(start) {}
  Timestamp Now() const override { return clock_.Now(); }
  void Set(Timestamp t) { clock_.Set(t); }
  void Advance(Timestamp millis) { clock_.Advance(millis); }

 private:
  ManualClock clock_;
};

}  // namespace shopdesk::testing
