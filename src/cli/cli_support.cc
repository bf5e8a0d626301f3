#include "cli/cli_support.h"

#include <cstdio>

#include "core/clock.h"
#include "services/admin_service.h"

namespace shopdesk::cli {

void AddDbOption(CLI::App& command, std::string& db) {
  db = kDefaultDb;
  command.add_option("--db", db, "database URL: sqlite:PATH (default sqlite:data/shopdesk.db)");
}

int Fail(const Error& error) {
  std::fprintf(stderr, "shopdesk: %s\n", error.message.c_str());
  return kExitFailure;
}

std::unique_ptr<store::Database> OpenOrReport(const std::string& url) {
  auto db = store::OpenDatabase(url);
  if (!db) {
    Fail(db.error());
    return nullptr;
  }
  return std::move(*db);
}

std::optional<ShopSession> OpenShop(const std::string& url, const std::string& slug) {
  auto db = OpenOrReport(url);
  if (!db) return std::nullopt;
  services::AdminService admin(*db, SystemClock::Instance());
  auto shop = admin.FindShop(slug);
  if (!shop) {
    Fail(shop.error());
    return std::nullopt;
  }
  return ShopSession{std::move(db), std::move(*shop)};
}

}  // namespace shopdesk::cli
