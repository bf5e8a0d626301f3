#pragma once

#include "core/time.h"

namespace shopdesk {

// The one seam through which code reads the time, so tests move a FakeClock
// (src/testing/fake_clock.h) instead of sleeping. Implementations are thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  static const SystemClock& Instance();
};

}  // namespace shopdesk
