#include <cstdio>

#include "cli/cli_support.h"

namespace shopdesk::cli {

void RegisterMigrateCommand(CLI::App& root, int& exit_code) {
  auto db_url = std::make_shared<std::string>();
  auto* cmd =
      root.add_subcommand("migrate", "apply pending schema migrations and print the version");
  AddDbOption(*cmd, *db_url);
  cmd->final_callback([db_url, &exit_code] {
    auto db = OpenOrReport(*db_url);
    if (!db) return void(exit_code = kExitFailure);
    auto version = db->SchemaVersion();
    if (!version) return void(exit_code = Fail(version.error()));
    std::printf("%s schema at version %d\n", std::string(db->backend()).c_str(), *version);
  });
}

}  // namespace shopdesk::cli
