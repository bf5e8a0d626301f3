#pragma once

namespace shopdesk::cli {

// Parses the command line and runs one subcommand. Returns the process exit code:
// 0 success, 1 failure the message explains, 2 usage error.
int Main(int argc, char** argv);

}  // namespace shopdesk::cli
