// shopdesk report NAME --shop S: a report (services/reports.h) as JSON or CSV.
#include <cstdio>
#include <iostream>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/reports.h"
#include "views/report_json.h"

namespace shopdesk::cli {

void RegisterReportCommand(CLI::App& root, int& exit_code) {
  struct Args {
    std::string db, shop, name, from, to;
    bool csv = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd =
      root.add_subcommand("report", "print a report as JSON (or --csv): " + ReportKindList());
  AddDbOption(*cmd, a->db);
  cmd->add_option("NAME", a->name, ReportKindList())->required();
  cmd->add_option("--shop", a->shop, "shop slug")->required();
  cmd->add_option("--from", a->from, "start, ISO 8601 (default: 30 days before --to)");
  cmd->add_option("--to", a->to, "end, ISO 8601 (default: now)");
  cmd->add_flag("--csv", a->csv, "print the report's table as CSV");
  cmd->final_callback([a, &exit_code] {
    auto kind = ParseReportKind(a->name);
    if (!kind) {
      return void(exit_code = Fail(Error::InvalidArgument("no report '" + a->name +
                                                          "'; reports: " + ReportKindList())));
    }
    services::ReportRequest request{*kind, std::nullopt, std::nullopt};
    for (auto [text, field] :
         {std::pair{&a->from, &request.from}, std::pair{&a->to, &request.to}}) {
      if (text->empty()) continue;
      *field = ParseIso8601(*text);
      if (!*field) {
        return void(
            exit_code = Fail(Error::InvalidArgument(
                "'" + *text + "' is not an ISO 8601 time such as 2026-11-01T00:00:00+09:00")));
      }
    }
    auto session = OpenShop(a->db, a->shop);
    if (!session) return void(exit_code = kExitFailure);
    auto report =
        services::BuildReport(*session->db, session->shop.id, request, CommandClock().Now());
    if (!report) return void(exit_code = Fail(report.error()));
    if (a->csv) {
      std::cout << views::ReportCsv(*report);
    } else {
      std::cout << views::ReportJson(*report).dump(2, ' ', false,
                                                   nlohmann::json::error_handler_t::replace)
                << '\n';
    }
  });
}

}  // namespace shopdesk::cli
