#include "cli/main_command.h"

#include <spdlog/spdlog.h>

#include "cli/cli_support.h"

namespace shopdesk::cli {

int Main(int argc, char** argv) {
  CLI::App app{
      "shopdesk: one customer-service inbox for every channel a shop sells on.\n"
      "Run `shopdesk demo` to try it, `shopdesk COMMAND --help` for a command."};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "show help for every command");
  int exit_code = kExitOk;
  for (Registrar add : {RegisterServeCommands, RegisterIngestCommand, RegisterShopCommands,
                        RegisterChannelCommands, RegisterUserCommands, RegisterExportCommand,
                        RegisterMigrateCommand, RegisterBackupCommands, RegisterWorkerCommands,
                        RegisterPrivacyCommands, RegisterCalendarCommands, RegisterReportCommand}) {
    add(app, exit_code);
  }
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}

}  // namespace shopdesk::cli
