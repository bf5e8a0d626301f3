// Server-side latency of the inbox query: the 50 newest open conversations of a shop,
// measured in process (no HTTP) over many repetitions. Usage:
//   list_bench --db sqlite:PATH --shop SLUG [--iterations N]
// Prints one JSON object with p50/p99/max in milliseconds.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/clock.h"
#include "services/admin_service.h"
#include "services/conversation_service.h"
#include "store/database.h"
#include "views/json_views.h"

using namespace shopdesk;

int main(int argc, char** argv) {
  std::string db_url, slug = "bench";
  int iterations = 20000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--db")
      db_url = value;
    else if (flag == "--shop")
      slug = value;
    else if (flag == "--iterations")
      iterations = std::stoi(value);
  }
  auto db = store::OpenDatabase(db_url);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().ToString().c_str());
    return 1;
  }
  services::AdminService admin(**db, SystemClock::Instance());
  auto shop = admin.FindShop(slug);
  if (!shop) {
    std::fprintf(stderr, "%s\n", shop.error().ToString().c_str());
    return 1;
  }
  services::ConversationService conversations(**db, SystemClock::Instance());
  store::ConversationFilter filter;
  filter.status = ConversationStatus::kOpen;
  filter.limit = 50;
  std::vector<double> millis;
  millis.reserve(static_cast<size_t>(iterations));
  size_t rows = 0;
  for (int i = 0; i < iterations; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto page = conversations.List(shop->id, filter);
    millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    if (!page) {
      std::fprintf(stderr, "%s\n", page.error().ToString().c_str());
      return 1;
    }
    rows = page->items.size();
  }
  // The same page turned into the API's JSON body, to see what serialization costs.
  std::vector<double> json_millis;
  size_t bytes = 0;
  for (int i = 0; i < iterations / 4; ++i) {
    auto page = conversations.List(shop->id, filter);
    const auto start = std::chrono::steady_clock::now();
    bytes = views::ConversationListJson(*page, 0).size();
    json_millis.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::sort(json_millis.begin(), json_millis.end());
  std::fprintf(stderr, "json: p50 %.3f ms, %zu bytes\n", json_millis[json_millis.size() / 2],
               bytes);
  std::sort(millis.begin(), millis.end());
  auto at = [&](double q) { return millis[static_cast<size_t>(q * (millis.size() - 1))]; };
  auto total = (*db)->conversations().List(shop->id, {});
  std::printf("{\"iterations\":%d,\"rows\":%zu,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f}\n",
              iterations, rows, at(0.5), at(0.99), millis.back());
  return rows == 50 ? 0 : 1;
}
