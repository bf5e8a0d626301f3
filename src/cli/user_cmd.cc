#include <cstdio>
#include <iostream>
#include <string>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/account_service.h"
#include "services/agent_management.h"
#include "services/audit_log.h"

namespace shopdesk::cli {

void RegisterUserCommands(CLI::App& root, int& exit_code) {
  auto* user = root.add_subcommand(
      "user", "add agents, issue their API tokens and set their login passwords");
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
    auto created = services::AgentManagement::CommandLine(*db, CommandClock(), shop->id)
                       .Add(args->email, args->name, *role);
    if (!created) return void(exit_code = Fail(created.error()));
    std::fprintf(stderr, "added %s %s (id %lld) to shop %s; API token (shown once):\n",
                 std::string(RoleName(created->agent.role)).c_str(), created->agent.email.c_str(),
                 static_cast<long long>(created->agent.id), shop->slug.c_str());
    std::printf("%s\n", created->api_token.c_str());
  });

  struct PasswordArgs {
    std::string db, email;
  };
  auto pw = std::make_shared<PasswordArgs>();
  auto* password = user->add_subcommand(
      "password",
      "set or reset the login password of an agent (any shop), read from standard input; "
      "ends their sessions");
  AddDbOption(*password, pw->db);
  password->add_option("--email", pw->email, "the agent's e-mail address")->required();
  password->final_callback([pw, &exit_code] {
    std::string secret;
    std::getline(std::cin, secret);
    if (!secret.empty() && secret.back() == '\r') secret.pop_back();
    auto db = OpenOrReport(pw->db);
    if (!db) return void(exit_code = kExitFailure);
    services::AccountService accounts(*db, CommandClock());
    auto account = accounts.SetPassword(pw->email, secret);
    if (!account) return void(exit_code = Fail(account.error()));
    // Recorded in every shop the person works in, with the operator as the actor.
    auto memberships = db->accounts().Memberships(account->email);
    auto tx = db->BeginWrite();
    if (!memberships || !tx) {
      return void(exit_code = Fail(!memberships ? memberships.error() : tx.error()));
    }
    for (const auto& agent : *memberships) {
      if (auto ok = services::RecordAudit(*db, agent.shop_id, services::Actor::CommandLine(),
                                          "password.reset", "agent:" + std::to_string(agent.id),
                                          {{"email", agent.email}, {"sessions_ended", true}},
                                          CommandClock().Now());
          !ok) {
        return void(exit_code = Fail(ok.error()));
      }
    }
    if (auto ok = (*tx)->Commit(); !ok) return void(exit_code = Fail(ok.error()));
    std::printf("password set for %s; log in with POST /api/v1/session\n", account->email.c_str());
  });
}

}  // namespace shopdesk::cli
