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

// The system clock moved by a fixed offset: it reads `start` at the system-clock instant
// `anchor` and advances in real time from there, so sleeps, timers and leases behave as
// on the system clock. For tests that must run at a chosen hour of a chosen day
// (`shopdesk --test-clock`, see src/cli/cli_support.h); never used otherwise. Several
// processes given the same start and anchor read the same time.
class ShiftedClock final : public Clock {
 public:
  ShiftedClock(Timestamp start, Timestamp anchor) : offset_(start - anchor) {}
  Timestamp Now() const override { return SystemClock::Instance().Now() + offset_; }

 private:
  Timestamp offset_;
};

}  // namespace shopdesk

#include <atomic>

namespace shopdesk {

// A clock that moves only when told to: tests (instead of sleeping) and the demo
// generator (to backdate its conversations). Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start) : now_(start) {}
  Timestamp Now() const override { return now_.load(); }
  void Set(Timestamp t) { now_.store(t); }
  void Advance(Timestamp millis) { now_.fetch_add(millis); }

 private:
  std::atomic<Timestamp> now_;
};

}  // namespace shopdesk
