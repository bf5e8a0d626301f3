#include "fuzz_check.h"

#include <cstdio>
#include <cstdlib>

namespace shopdesk::fuzz {
namespace {

constexpr size_t kMaxRecorded = 20;

thread_local CollectFailures* collector = nullptr;

}  // namespace

CollectFailures::CollectFailures() { collector = this; }

CollectFailures::~CollectFailures() { collector = nullptr; }

void Check(bool ok, const char* what, const char* file, int line) {
  if (ok) return;
  if (collector) {
    if (collector->failures_.size() < kMaxRecorded) {
      collector->failures_.push_back(std::string(file) + ":" + std::to_string(line) + ": " + what);
    }
    return;
  }
  std::fprintf(stderr, "fuzz invariant broken at %s:%d: %s\n", file, line, what);
  std::abort();
}

}  // namespace shopdesk::fuzz
