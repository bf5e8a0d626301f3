#include <cstdio>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/admin_service.h"

namespace shopdesk::cli {

void RegisterUserCommands(CLI::App& root, int& exit_code) {
  auto* user = root.add_subcommand("user", "add agents and issue their API tokens");
  user->require_subcommand(1);
  struct AddArgs {
    std::string db, shop, email, name, role = "agent";
  };
  auto args = std::make_shared<AddArgs>();
  auto* add = user->add_subcommand("add", "add an agent; prints the API token once");
  AddDbOption(*add, args->db);
  add->add_option("--shop", args->shop, "shop slug")->required();
  add->add_option("--email", args->email, "the agent's e-mail address")->required();
  add->add_option("--name", args->name, "display name");
  add->add_option("--role", args->role, "owner, admin, agent or viewer (default agent)");
  add->final_callback([args, &exit_code] {
    auto role = ParseRole(args->role);
    if (!role) {
      return void(exit_code = Fail(Error::InvalidArgument("unknown role '" + args->role +
                                                          "' (owner, admin, agent, viewer)")));
    }
    auto session = OpenShop(args->db, args->shop);
    if (!session) return void(exit_code = kExitFailure);
    auto& db = session->db;
    const Shop* shop = &session->shop;
    services::AdminService admin(*db, SystemClock::Instance());
    auto created = admin.AddAgent(shop->id, args->email, args->name, *role);
    if (!created) return void(exit_code = Fail(created.error()));
    std::fprintf(stderr, "added %s %s (id %lld) to shop %s; API token (shown once):\n",
                 std::string(RoleName(created->agent.role)).c_str(), created->agent.email.c_str(),
                 static_cast<long long>(created->agent.id), shop->slug.c_str());
    std::printf("%s\n", created->api_token.c_str());
  });
}

}  // namespace shopdesk::cli
