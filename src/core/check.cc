#include <cstdio>
#include <cstdlib>

#include "core/result.h"

namespace shopdesk {

void CheckFailed(const char* cond, const char* file, int line) {
  std::fprintf(stderr, "shopdesk: invariant broken at %s:%d: %s\n", file, line, cond);
  std::abort();
}

}  // namespace shopdesk
