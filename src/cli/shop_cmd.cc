#include <cstdio>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/admin_service.h"

namespace shopdesk::cli {

void RegisterShopCommands(CLI::App& root, int& exit_code) {
  auto* shop = root.add_subcommand("shop", "create and list shops (tenants)");
  shop->require_subcommand(1);

  struct AddArgs {
    std::string db, slug, name, time_zone = "Asia/Tokyo";
  };
  auto args = std::make_shared<AddArgs>();
  auto* add = shop->add_subcommand("add", "create a shop");
  AddDbOption(*add, args->db);
  add->add_option("slug", args->slug, "short id used in URLs and commands, e.g. sakura-zakka")
      ->required();
  add->add_option("--name", args->name, "display name, e.g. さくら雑貨店")->required();
  add->add_option("--time-zone", args->time_zone, "IANA time zone (default Asia/Tokyo)");
  add->final_callback([args, &exit_code] {
    auto db = OpenOrReport(args->db);
    if (!db) return void(exit_code = kExitFailure);
    services::AdminService admin(*db, CommandClock());
    auto created = admin.CreateShop(args->slug, args->name, args->time_zone);
    if (!created) return void(exit_code = Fail(created.error()));
    std::printf("created shop %s (id %lld): %s\n", created->slug.c_str(),
                static_cast<long long>(created->id), created->name.c_str());
  });

  auto list_db = std::make_shared<std::string>();
  auto* list = shop->add_subcommand("list", "list shops");
  AddDbOption(*list, *list_db);
  list->final_callback([list_db, &exit_code] {
    auto db = OpenOrReport(*list_db);
    if (!db) return void(exit_code = kExitFailure);
    auto shops = db->shops().List();
    if (!shops) return void(exit_code = Fail(shops.error()));
    for (const auto& s : *shops) {
      std::printf("%lld\t%s\t%s\n", static_cast<long long>(s.id), s.slug.c_str(), s.name.c_str());
    }
  });
}

}  // namespace shopdesk::cli
