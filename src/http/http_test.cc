#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "http/api.h"
#include "http/router.h"
#include "store/database_pool.h"
#include "testing/fake_clock.h"

namespace shopdesk::http {
namespace {

// docs/api/openapi.yaml describes exactly the routes the router serves.
TEST(OpenApiTest, DocumentMatchesTheRouter) {
  std::ifstream in("docs/api/openapi.yaml");
  ASSERT_TRUE(in) << "run from the repository root";
  std::set<std::pair<std::string, std::string>> documented;
  std::string line, path;
  const std::regex path_line(R"(^  (/[^:]*):\s*$)");
  const std::regex method_line(R"(^    (get|post|put|delete|patch):\s*$)");
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, path_line)) {
      path = m[1];
    } else if (!path.empty() && std::regex_match(line, m, method_line)) {
      std::string method = m[1];
      for (auto& c : method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.emplace(method, path);
    }
  }
  store::DatabasePool pool("sqlite::memory:");
  testing::FakeClock clock;
  ApiContext context{pool, clock, {}};
  Router router;
  RegisterApiRoutes(router, context);
  std::set<std::pair<std::string, std::string>> served;
  for (const auto& route : router.Routes()) served.insert(route);
  for (const auto& r : served)
    EXPECT_TRUE(documented.count(r)) << r.first << " " << r.second << " is not in openapi.yaml";
  for (const auto& d : documented)
    EXPECT_TRUE(served.count(d)) << d.first << " " << d.second << " is documented but not served";
  EXPECT_GE(served.size(), 15u);
}

}  // namespace
}  // namespace shopdesk::http
