#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/admin_service.h"
#include "services/conversation_service.h"
#include "views/json_views.h"

namespace shopdesk::cli {

void RegisterExportCommand(CLI::App& root, int& exit_code) {
  struct Args {
    std::string db, shop, out = "-";
  };
  auto args = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "export", "write a shop's conversations as JSON Lines, one conversation per line");
  AddDbOption(*cmd, args->db);
  cmd->add_option("--shop", args->shop, "shop slug")->required();
  cmd->add_option("--out", args->out, "output file (default stdout)");
  cmd->final_callback([args, &exit_code] {
    auto session = OpenShop(args->db, args->shop);
    if (!session) return void(exit_code = kExitFailure);
    auto& db = session->db;
    const Shop* shop = &session->shop;
    std::ofstream file;
    if (args->out != "-") {
      file.open(args->out, std::ios::binary | std::ios::trunc);
      if (!file) return void(exit_code = Fail(Error::Unavailable("cannot write " + args->out)));
    }
    std::ostream& out = args->out == "-" ? std::cout : file;
    services::ConversationService conversations(*db, CommandClock());
    store::ConversationFilter filter;
    filter.limit = 200;
    long long count = 0;
    for (;;) {
      auto page = conversations.List(shop->id, filter);
      if (!page) return void(exit_code = Fail(page.error()));
      for (const auto& row : page->items) {
        auto detail = conversations.Get(shop->id, row.conversation.id);
        if (!detail) return void(exit_code = Fail(detail.error()));
        out << views::ExportJson(detail->conversation, detail->customer, detail->messages).dump()
            << '\n';
        ++count;
      }
      if (page->next_cursor.empty()) break;
      filter.cursor = page->next_cursor;
    }
    out.flush();
    if (!out) return void(exit_code = Fail(Error::Unavailable("writing the export failed")));
    std::fprintf(stderr, "exported %lld conversations of shop %s\n", count, shop->slug.c_str());
  });
}

}  // namespace shopdesk::cli
