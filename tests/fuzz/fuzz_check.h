#pragma once

// How a fuzz target reports a broken invariant. Under libFuzzer a failure prints what
// broke and aborts, so libFuzzer saves the input as a crash. The replay test
// (replay_test.cc) runs the same targets inside a CollectFailures scope instead, so a
// failure becomes a test failure that names the input file.

#include <string>
#include <string_view>
#include <vector>

namespace shopdesk::fuzz {

// Reports `what` (the condition's text) at file:line when `ok` is false: aborts, or
// records it while a CollectFailures is alive on this thread.
void Check(bool ok, const char* what, const char* file, int line);

// While alive, failed checks on this thread are recorded instead of aborting (the
// first 20 are kept). Not nestable. Not thread-safe (one per thread).
class CollectFailures {
 public:
  CollectFailures();
  ~CollectFailures();
  CollectFailures(const CollectFailures&) = delete;
  CollectFailures& operator=(const CollectFailures&) = delete;

  const std::vector<std::string>& failures() const { return failures_; }

 private:
  friend void Check(bool, const char*, const char*, int);
  std::vector<std::string> failures_;
};

}  // namespace shopdesk::fuzz

// Checks an invariant of a fuzz target (see Check).
#define FUZZ_CHECK(cond) ::shopdesk::fuzz::Check(static_cast<bool>(cond), #cond, __FILE__, __LINE__)
