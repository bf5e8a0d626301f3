// shopdesk calendar holidays YEAR: the Japanese national holidays the SLA clock skips.
#include <cstdio>

#include "cli/cli_support.h"
#include "core/japanese_holidays.h"

namespace shopdesk::cli {

void RegisterCalendarCommands(CLI::App& root, int& exit_code) {
  auto* calendar = root.add_subcommand("calendar", "business calendar helpers");
  calendar->require_subcommand(1);
  auto year = std::make_shared<int>(0);
  auto* holidays = calendar->add_subcommand(
      "holidays", "print Japan's national holidays of YEAR as \"YYYY-MM-DD name\" lines");
  holidays->add_option("YEAR", *year, "a year from 2000 to 2099")->required();
  holidays->final_callback([year, &exit_code] {
    auto list = JapaneseHolidays(*year);
    if (!list) return void(exit_code = Fail(list.error()));
    for (const auto& h : *list) {
      std::printf("%s %s\n", FormatCivilDate(h.date).c_str(), h.name.c_str());
    }
  });
}

}  // namespace shopdesk::cli
