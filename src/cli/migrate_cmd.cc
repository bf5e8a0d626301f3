#include <cstdio>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "store/tenant_copy.h"

namespace shopdesk::cli {
namespace {

struct MigrateArgs {
  std::string db;
  std::string from;
  std::string to;
  std::vector<std::string> shops;
};

// Prints what was copied, one line per table, and the verification result.
void PrintReport(const std::vector<store::ShopCopyReport>& reports) {
  for (const auto& shop : reports) {
    std::printf("shop %s: source id %lld -> target id %lld (%s)\n", shop.slug.c_str(),
                static_cast<long long>(shop.source_id), static_cast<long long>(shop.target_id),
                shop.first_copy ? "first copy" : "copied again");
    std::printf("  %-18s %10s %9s %9s %10s %8s  %s\n", "table", "rows", "new", "updated",
                "unchanged", "removed", "checksum (source = copy)");
    for (const auto& t : shop.tables) {
      std::printf("  %-18s %10lld %9lld %9lld %10lld %8lld  %.16s\n", t.table.c_str(),
                  static_cast<long long>(t.source_rows), static_cast<long long>(t.inserted),
                  static_cast<long long>(t.updated), static_cast<long long>(t.unchanged),
                  static_cast<long long>(t.removed), t.checksum.c_str());
    }
    std::printf("  verified: every table's row count and checksum match\n");
  }
}

int CopyBetween(const MigrateArgs& a) {
  if (a.to.empty()) {
    return Fail(Error::InvalidArgument("--from needs --to, the database to copy into"));
  }
  if (a.from == a.to) {
    return Fail(Error::InvalidArgument("--from and --to name the same database"));
  }
  auto from = OpenOrReport(a.from);  // brings it to this version's schema first
  if (!from) return kExitFailure;
  auto to = OpenOrReport(a.to);
  if (!to) return kExitFailure;
  store::TenantCopyOptions options;
  options.slugs = a.shops;
  options.now = CommandClock().Now();
  options.progress = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  auto copied = store::CopyShops(*from, *to, options);
  if (!copied) return Fail(copied.error());
  PrintReport(*copied);
  return kExitOk;
}

}  // namespace

void RegisterMigrateCommand(CLI::App& root, int& exit_code) {
  auto args = std::make_shared<MigrateArgs>();
  auto* cmd = root.add_subcommand(
      "migrate",
      "apply pending schema migrations and print the version; with --from/--to, copy shops "
      "between databases (e.g. SQLite to PostgreSQL), verified, safe to run again");
  AddDbOption(*cmd, args->db);
  cmd->add_option("--from", args->from,
                  "copy shops from this database (sqlite:PATH, postgresql://...)");
  cmd->add_option("--to", args->to, "copy them into this database");
  cmd->add_option("--shop", args->shops,
                  "the slug of a shop to copy (repeatable; default: every shop)");
  cmd->final_callback([args, &exit_code] {
    if (!args->from.empty() || !args->to.empty()) {
      if (args->from.empty()) {
        return void(exit_code = Fail(Error::InvalidArgument("--to needs --from")));
      }
      return void(exit_code = CopyBetween(*args));
    }
    auto db = OpenOrReport(args->db);
    if (!db) return void(exit_code = kExitFailure);
    auto version = db->SchemaVersion();
    if (!version) return void(exit_code = Fail(version.error()));
    std::printf("%s schema at version %d\n", std::string(db->backend()).c_str(), *version);
  });
}

}  // namespace shopdesk::cli
