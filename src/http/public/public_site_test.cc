// Public pages through the real router and a real SQLite file: what a customer who
// knows only the shop's address sees, and what nobody may see.
#include "http/public/public_site.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "services/admin_service.h"
#include "store/database_pool.h"
#include "testing/fake_clock.h"

namespace shopdesk::http::public_site {
namespace {

class PublicSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("public-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    url_ = "sqlite:" + path_.string();
    auto db = store::OpenDatabase(url_);
    ASSERT_TRUE(db) << db.error().ToString();
    services::AdminService admin(**db, clock_);
    auto shop = admin.CreateShop("sakura", "さくら<雑貨>店");
    ASSERT_TRUE(shop);
    auto other = admin.CreateShop("other", "他店");
    ASSERT_TRUE(other);
    const auto add = [&](ShopId shop_id, const char* kind, const char* name, const char* address) {
      Channel c;
      c.shop_id = shop_id;
      c.kind = kind;
      c.name = name;
      c.address = address;
      c.display_name = "さくら \"サポート\"";
      c.created_at = clock_.Now();
      ASSERT_TRUE((*db)->channels().Create(c));
    };
    add(shop->id, "email", "support", "support@sakura.example");
    add(shop->id, "amazon", "amazon", "sakura-relay@marketplace.amazon.co.jp");
    add(shop->id, "web", "site", "site@sakura.example");
    add(other->id, "email", "support", "help@other.example");
    pool_ = std::make_unique<store::DatabasePool>(url_);
    context_ = std::make_unique<ApiContext>(ApiContext{*pool_, clock_, {}});
    RegisterPublicRoutes(router_, *context_);
  }
  void TearDown() override {
    context_.reset();
    pool_.reset();
    std::filesystem::remove(path_);
  }

  Response Get(const std::string& path, std::map<std::string, std::string> query = {},
               const std::string& from = "192.0.2.1") {
    Request req;
    req.method = "GET";
    req.path = path;
    req.query = std::move(query);
    req.remote_address = from;
    return router_.Dispatch(req);
  }

  testing::FakeClock clock_;
  std::filesystem::path path_;
  std::string url_;
  std::unique_ptr<store::DatabasePool> pool_;
  std::unique_ptr<ApiContext> context_;
  Router router_;
};

bool Has(const Response& r, const std::string& text) {
  return r.body.find(text) != std::string::npos;
}

TEST_F(PublicSiteTest, TheFrontPageListsTheShopsOwnAddressEscapedAndNoRelay) {
  const Response r = Get("/s/sakura/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_TRUE(Has(r, "<html lang=\"ja\">")) << r.body;
  EXPECT_TRUE(Has(r, "<title>さくら&lt;雑貨&gt;店</title>")) << r.body;
  EXPECT_TRUE(Has(r, "<link rel=\"canonical\" href=\"/s/sakura/\">")) << r.body;
  EXPECT_TRUE(
      Has(r, "<meta name=\"description\" content=\"さくら&lt;雑貨&gt;店へのお問い合わせ先\">"))
      << r.body;
  EXPECT_TRUE(Has(r, "<a href=\"mailto:support@sakura.example\">support@sakura.example</a>"))
      << r.body;
  EXPECT_TRUE(Has(r, "(さくら &quot;サポート&quot;)")) << r.body;
  EXPECT_FALSE(Has(r, "<雑貨>"));
  // A marketplace relay and a site's push channel are no address to write to.
  EXPECT_FALSE(Has(r, "marketplace.amazon.co.jp")) << r.body;
  EXPECT_FALSE(Has(r, "site@sakura.example")) << r.body;
  // Nor is another shop's.
  EXPECT_FALSE(Has(r, "other.example")) << r.body;
  EXPECT_EQ(*r.FindHeader("Cache-Control"), "public, max-age=60");
  ASSERT_NE(r.FindHeader("Content-Security-Policy"), nullptr);
  EXPECT_NE(r.FindHeader("Content-Security-Policy")->find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(*r.FindHeader("Content-Language"), "ja");
}

TEST_F(PublicSiteTest, EnglishOnRequest) {
  const Response r = Get("/s/sakura/", {{"lang", "en"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(Has(r, "<html lang=\"en\">")) << r.body;
  EXPECT_TRUE(Has(r, "<h2>Contact us</h2>")) << r.body;
  EXPECT_TRUE(Has(r, "href=\"/s/sakura/?lang=en\"")) << r.body;
  EXPECT_EQ(*r.FindHeader("Content-Language"), "en");
}

TEST_F(PublicSiteTest, AnUnknownShopIsAPageNotJson) {
  for (const char* path : {"/s/nobody/", "/s/%3Cscript%3E/", "/s/Sakura/"}) {
    const Response r = Get(path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
    EXPECT_TRUE(Has(r, "ページが見つかりません")) << r.body;
    EXPECT_FALSE(Has(r, "<script>")) << r.body;
  }
}

TEST_F(PublicSiteTest, TheAddressWithoutItsSlashIsSentToTheFrontPage) {
  const Response r = Get("/s/sakura");
  EXPECT_EQ(r.status, 301);
  EXPECT_EQ(*r.FindHeader("Location"), "/s/sakura/");
  EXPECT_EQ(*Get("/s/sakura", {{"lang", "en"}}).FindHeader("Location"), "/s/sakura/?lang=en");
  EXPECT_EQ(Get("/s/no\r\nSet-Cookie:x").status, 404);
}

TEST_F(PublicSiteTest, OneAddressIsLimitedAndOthersAreNot) {
  int limited = 0;
  for (int i = 0; i < 301; ++i) limited += Get("/s/sakura/").status == 429;
  EXPECT_EQ(limited, 1);
  const Response r = Get("/s/sakura/");
  EXPECT_EQ(r.status, 429);
  EXPECT_TRUE(Has(r, "アクセスが集中しています")) << r.body;
  EXPECT_EQ(*r.FindHeader("Retry-After"), "60");
  EXPECT_EQ(Get("/s/sakura/", {}, "192.0.2.2").status, 200);
  // A minute later the address may read again.
  clock_.Advance(60 * kMillisPerSecond);
  EXPECT_EQ(Get("/s/sakura/").status, 200);
}

}  // namespace
}  // namespace shopdesk::http::public_site
