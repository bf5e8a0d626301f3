// shopdesk privacy export|erase: data-subject requests from the command line, and
// shopdesk audit: a shop's audit log as JSON Lines.
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/privacy_service.h"
#include "views/json_views.h"

namespace shopdesk::cli {

void RegisterPrivacyCommands(CLI::App& root, int& exit_code) {
  auto* privacy = root.add_subcommand(
      "privacy", "data-subject requests (APPI / GDPR): export or erase one customer");
  privacy->require_subcommand(1);

  struct Args {
    std::string db, shop, out = "-";
    std::int64_t customer = 0;
    bool yes = false;
  };
  auto ex = std::make_shared<Args>();
  auto* export_cmd = privacy->add_subcommand(
      "export", "write everything held about one customer as one JSON document");
  AddDbOption(*export_cmd, ex->db);
  export_cmd->add_option("--shop", ex->shop, "shop slug")->required();
  export_cmd->add_option("--customer", ex->customer, "customer id")->required();
  export_cmd->add_option("--out", ex->out, "output file (default stdout)");
  export_cmd->final_callback([ex, &exit_code] {
    auto session = OpenShop(ex->db, ex->shop);
    if (!session) return void(exit_code = kExitFailure);
    services::PrivacyService service(*session->db, CommandClock());
    auto record = service.Export(session->shop.id, ex->customer, services::Actor::CommandLine());
    if (!record) return void(exit_code = Fail(record.error()));
    const std::string text =
        views::PrivacyExportJson(session->shop, *record, CommandClock().Now()).dump(2);
    if (ex->out == "-") {
      std::cout << text << '\n';
    } else {
      std::ofstream file(ex->out, std::ios::binary | std::ios::trunc);
      file << text << '\n';
      if (!file.flush())
        return void(exit_code = Fail(Error::Unavailable("cannot write " + ex->out)));
    }
    std::fprintf(stderr, "exported customer %lld of shop %s: %zu conversations\n",
                 static_cast<long long>(ex->customer), session->shop.slug.c_str(),
                 record->conversations.size());
  });

  auto er = std::make_shared<Args>();
  auto* erase = privacy->add_subcommand(
      "erase",
      "erase one customer's name, address, messages, attachments and order numbers "
      "(keeps the counts reports need); cannot be undone");
  AddDbOption(*erase, er->db);
  erase->add_option("--shop", er->shop, "shop slug")->required();
  erase->add_option("--customer", er->customer, "customer id")->required();
  erase->add_flag("--yes", er->yes, "confirm: the erasure cannot be undone");
  erase->final_callback([er, &exit_code] {
    if (!er->yes) {
      return void(exit_code = Fail(Error::InvalidArgument(
                      "erasure cannot be undone: add --yes to erase customer " +
                      std::to_string(er->customer))));
    }
    auto session = OpenShop(er->db, er->shop);
    if (!session) return void(exit_code = kExitFailure);
    services::PrivacyService service(*session->db, CommandClock());
    auto counts = service.Erase(session->shop.id, er->customer, services::Actor::CommandLine());
    if (!counts) return void(exit_code = Fail(counts.error()));
    std::printf(
        "erased customer %lld of shop %s (redacted: conversations %lld, messages %lld, "
        "attachments %lld; stored files deleted: %lld; unsent replies cancelled: %lld)\n",
        static_cast<long long>(er->customer), session->shop.slug.c_str(),
        static_cast<long long>(counts->conversations), static_cast<long long>(counts->messages),
        static_cast<long long>(counts->attachments), static_cast<long long>(counts->blobs_deleted),
        static_cast<long long>(counts->outbox_jobs_cancelled));
  });

  struct AuditArgs {
    std::string db, shop, action;
    int limit = 100;
  };
  auto au = std::make_shared<AuditArgs>();
  auto* audit =
      root.add_subcommand("audit", "print a shop's audit log, newest first, as JSON Lines");
  AddDbOption(*audit, au->db);
  audit->add_option("--shop", au->shop, "shop slug")->required();
  audit->add_option("--action", au->action, "only actions starting with this, e.g. login");
  audit->add_option("--limit", au->limit, "at most this many lines (default 100)")
      ->check(CLI::Range(1, 100000));
  audit->final_callback([au, &exit_code] {
    auto session = OpenShop(au->db, au->shop);
    if (!session) return void(exit_code = kExitFailure);
    auto entries = session->db->audit().List(session->shop.id, 0, au->action, au->limit);
    if (!entries) return void(exit_code = Fail(entries.error()));
    for (const auto& e : *entries) std::cout << views::AuditJson(e).dump() << '\n';
  });
}

}  // namespace shopdesk::cli
