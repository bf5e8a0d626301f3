#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "http/api/api.h"
#include "http/server/router.h"
#include "store/database_pool.h"
#include "testing/fake_clock.h"
#include "views/json_views.h"

namespace shopdesk::http {
namespace {

// Admins see which server and user a channel uses; a password never leaves the server,
// not even one written into a URL.
TEST(ChannelJsonTest, ShowsServersAndUsersButNoCredentials) {
  Channel channel;
  channel.settings.values = {{"imap_url", "imaps://shop:hunter22@imap.example.jp:993/INBOX"},
                             {"imap_user", "shop"},
                             {"smtp_url", "smtp://smtp.example.jp:587"},
                             {"smtp_starttls", "true"}};
  channel.settings.secrets = {{"imap_password", "s3cret-imap"}, {"smtp_password", "s3cret-smtp"}};
  const nlohmann::json j = views::ChannelJson(channel);
  EXPECT_EQ(j["imap_url"], "imaps://imap.example.jp:993/INBOX");
  EXPECT_EQ(j["imap_user"], "shop");
  EXPECT_EQ(j["smtp_url"], "smtp://smtp.example.jp:587");
  EXPECT_EQ(j["smtp_starttls"], true);
  const std::string text = j.dump();
  for (const char* secret : {"hunter22", "s3cret-imap", "s3cret-smtp"})
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
}

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
