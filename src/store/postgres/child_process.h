#pragma once

// Runs a helper program (pg_dump, pg_restore) as a child process and collects what it
// prints. Used by store/postgres only; no shell is involved, so arguments are never
// re-parsed.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace shopdesk::store::postgres {

struct ChildResult {
  int exit_code = 0;   // the program's exit status; 128 + N when killed by signal N
  std::string out;     // standard output (at most the first 16 MiB)
  std::string errors;  // standard error (the last 16 KiB)
};

struct ChildOptions {
  // Added to (or replacing in) this process's environment for the child.
  std::vector<std::pair<std::string, std::string>> env;
  // Called about once a second while the child runs (progress reports).
  std::function<void()> on_tick;
};

// Runs argv[0] (an absolute path) with argv[1..], standard input from /dev/null, and
// waits for it. Unavailable when it cannot be started; a non-zero exit is not an
// error here (the caller reads exit_code and errors). Thread-safe.
Result<ChildResult> RunChild(const std::vector<std::string>& argv,
                             const ChildOptions& options = {});

}  // namespace shopdesk::store::postgres
