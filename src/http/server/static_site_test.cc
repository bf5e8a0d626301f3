#include "http/server/static_site.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace shopdesk::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndex = "<!doctype html><title>shopdesk</title><div id=app></div>";

// A built UI in a fresh temporary directory, removed afterwards.
class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("shopdesk-static-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, std::string_view bytes) {
    const fs::path path = dir_ / "dist" / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }

  // A typical `vite build` output.
  void WriteBuild() {
    Write("index.html", kIndex);
    Write("assets/index-3f9a1c.js", script_);
    Write("assets/index-77ab02.css", "body{margin:0}");
    Write("favicon.ico", std::string("\0\0\1\0", 4));
    Write("robots.txt", "User-agent: *\n");
  }

  // The directory served; its parent belongs to the test too.
  std::string Dir() const { return (dir_ / "dist").string(); }

  static Response Get(const StaticSite& site, std::string path,
                      std::vector<std::pair<std::string, std::string>> headers = {},
                      std::string method = "GET") {
    Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    for (auto& [name, value] : headers) r.headers.Add(name, value);
    auto answer = site.Serve(r);
    EXPECT_TRUE(answer.has_value()) << r.method << " " << r.path;
    return answer ? std::move(*answer) : Response{};
  }

  static std::string Header(const Response& r, std::string_view name) {
    const std::string* value = r.FindHeader(name);
    return value ? *value : std::string();
  }

  fs::path dir_;  // holds dist/ and, for the traversal test, a file beside it
  // Over kGzipMinBytes and compressible.
  std::string script_ = [] {
    std::string s;
    for (int i = 0; i < 400; ++i) s += "export const label" + std::to_string(i) + " = '受信箱';\n";
    return s;
  }();
};

std::string Inflate(const std::string& gzip) {
  z_stream zs{};
  EXPECT_EQ(inflateInit2(&zs, 15 + 16), Z_OK);
  std::string out;
  char buffer[16384];
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gzip.data()));
  zs.avail_in = static_cast<uInt>(gzip.size());
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - zs.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&zs);
  EXPECT_EQ(rc, Z_STREAM_END);
  return out;
}

TEST_F(StaticSiteTest, ContentTypesByExtension) {
  EXPECT_EQ(StaticSite::ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentTypeFor("assets/a-1.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentTypeFor("worker.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentTypeFor("a.css"), "text/css; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentTypeFor("logo.svg"), "image/svg+xml; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentTypeFor("logo.PNG"), "image/png");
  EXPECT_EQ(StaticSite::ContentTypeFor("favicon.ico"), "image/x-icon");
  EXPECT_EQ(StaticSite::ContentTypeFor("font.woff2"), "font/woff2");
  EXPECT_EQ(StaticSite::ContentTypeFor("data.json"), "application/json; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentTypeFor("manifest.webmanifest"),
            "application/manifest+json; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentTypeFor("robots.txt"), "text/plain; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentTypeFor("a-1.js.map"), "application/json; charset=utf-8");
  EXPECT_EQ(StaticSite::ContentTypeFor("README"), "application/octet-stream");
  EXPECT_EQ(StaticSite::ContentTypeFor("dir.v2/file"), "application/octet-stream");

  WriteBuild();
  const StaticSite site = StaticSite::Load(Dir());
  EXPECT_EQ(Get(site, "/assets/index-3f9a1c.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(Get(site, "/assets/index-77ab02.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Get(site, "/favicon.ico").content_type, "image/x-icon");
  EXPECT_EQ(Get(site, "/favicon.ico").body, std::string("\0\0\1\0", 4));
  EXPECT_EQ(Get(site, "/").content_type, "text/html; charset=utf-8");
}

TEST_F(StaticSiteTest, HashedAssetsAreImmutableAndEverythingElseRevalidates) {
  WriteBuild();
  const StaticSite site = StaticSite::Load(Dir());
  ASSERT_TRUE(site.available()) << site.Summary();
  EXPECT_EQ(site.size(), 5u);
  EXPECT_NE(site.Summary().find("serving 5 files"), std::string::npos) << site.Summary();
  EXPECT_EQ(Header(Get(site, "/assets/index-3f9a1c.js"), "Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(Header(Get(site, "/assets/index-77ab02.css"), "Cache-Control"),
            "public, max-age=31536000, immutable");
  for (const char* path : {"/", "/index.html", "/favicon.ico", "/robots.txt", "/inbox"}) {
    EXPECT_EQ(Header(Get(site, path), "Cache-Control"), "no-cache") << path;
  }
}

TEST_F(StaticSiteTest, EveryAnswerCarriesTheUiSecurityHeaders) {
  WriteBuild();
  const StaticSite site = StaticSite::Load(Dir());
  for (const char* path : {"/", "/assets/index-3f9a1c.js", "/conversations/12"}) {
    const Response r = Get(site, path);
    EXPECT_EQ(Header(r, "Content-Security-Policy"),
              "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
              "img-src 'self' data: blob: https: http:; font-src 'self' data:; connect-src "
              "'self'; frame-src 'self' blob: data:; object-src 'none'; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'")
        << path;
    EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(Header(r, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY");
  }
}

TEST_F(StaticSiteTest, StrongETagAndIfNoneMatchAnswer304) {
  WriteBuild();
  const StaticSite site = StaticSite::Load(Dir());
  const Response first = Get(site, "/assets/index-77ab02.css");
  const std::string etag = Header(first, "ETag");
  ASSERT_GE(etag.size(), 10u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_NE(etag.substr(0, 2), "W/");
  EXPECT_EQ(Header(Get(site, "/assets/index-77ab02.css"), "ETag"), etag);  // stable
  EXPECT_NE(Header(Get(site, "/"), "ETag"), etag);                         // per content

  for (const std::string& sent : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    const Response r = Get(site, "/assets/index-77ab02.css", {{"If-None-Match", sent}});
    EXPECT_EQ(r.status, 304) << sent;
    EXPECT_TRUE(r.body.empty());
    EXPECT_TRUE(r.content_type.empty());
    EXPECT_EQ(Header(r, "ETag"), etag);
    EXPECT_EQ(Header(r, "Cache-Control"), "public, max-age=31536000, immutable");
  }
  const Response changed = Get(site, "/assets/index-77ab02.css", {{"If-None-Match", "\"old\""}});
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(changed.body, "body{margin:0}");

  const std::string index_etag = Header(Get(site, "/"), "ETag");
  EXPECT_EQ(Get(site, "/inbox", {{"If-None-Match", index_etag}}).status, 304);
}

TEST_F(StaticSiteTest, ClientSideRoutesGetIndexHtml) {
  WriteBuild();
  const StaticSite site = StaticSite::Load(Dir());
  for (const char* path : {"/", "/index.html", "/inbox", "/conversations/12", "/settings/channels",
                           "/settings/channels/", "/受信箱", "/missing.png"}) {
    const Response r = Get(site, path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, kIndex) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
  }
  const Response head = Get(site, "/inbox", {}, "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, kIndex);  // the server sends the length, not the body
}

TEST_F(StaticSiteTest, UnknownAssetsAre404NotIndexHtml) {
  WriteBuild();
  const StaticSite site = StaticSite::Load(Dir());
  for (const char* path :
       {"/assets/missing.js", "/assets/index-000000.js", "/assets/", "/assets"}) {
    const Response r = Get(site, path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("<!doctype"), std::string::npos) << path;
    EXPECT_EQ(r.FindHeader("Cache-Control"), nullptr) << "the server's no-store applies";
  }
}

TEST_F(StaticSiteTest, TraversalAndNulAreRefused) {
  WriteBuild();
  Write("../outside.txt", "secret");
  const StaticSite site = StaticSite::Load(Dir());
  for (const std::string& path :
       std::vector<std::string>{"/../outside.txt", "/assets/../index.html", "/..", "/./index.html",
                                "/assets/./index-3f9a1c.js", "/..\\outside.txt", "/index.html\\",
                                std::string("/index.html\0.js", 15), std::string("/inbox\0", 7)}) {
    const Response r = Get(site, path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
  }
  // Names that merely contain dots are files like any other.
  Write("assets/chunk..v2.js", "x");
  EXPECT_EQ(Get(StaticSite::Load(Dir()), "/assets/chunk..v2.js").status, 200);
}

TEST_F(StaticSiteTest, ApiHealthAndMetricsAndOtherMethodsAreNotAnswered) {
  WriteBuild();
  const StaticSite site = StaticSite::Load(Dir());
  for (const char* path :
       {"/api", "/api/", "/api/v1/nowhere", "/healthz", "/metrics", "/metrics/x"}) {
    Request r;
    r.method = "GET";
    r.path = path;
    EXPECT_FALSE(site.Serve(r).has_value()) << path;
  }
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    Request r;
    r.method = method;
    r.path = "/inbox";
    EXPECT_FALSE(site.Serve(r).has_value()) << method;
  }
  EXPECT_EQ(Get(site, "/apiary").body, kIndex);  // only the /api path itself and below
}

TEST_F(StaticSiteTest, GzipCopyWhenTheClientAcceptsIt) {
  WriteBuild();
  const StaticSite site = StaticSite::Load(Dir());
  const std::string js = "/assets/index-3f9a1c.js";
  const Response plain = Get(site, js);
  EXPECT_EQ(plain.body, script_);
  EXPECT_EQ(plain.FindHeader("Content-Encoding"), nullptr);
  EXPECT_EQ(Header(plain, "Vary"), "Accept-Encoding");

  for (const char* accept :
       {"gzip", "gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8", "*", "x-gzip", "GZIP ; q=1"}) {
    const Response gz = Get(site, js, {{"Accept-Encoding", accept}});
    EXPECT_EQ(Header(gz, "Content-Encoding"), "gzip") << accept;
    EXPECT_EQ(Header(gz, "Vary"), "Accept-Encoding");
    EXPECT_LT(gz.body.size(), script_.size() / 2);
    EXPECT_EQ(Inflate(gz.body), script_) << accept;
    EXPECT_NE(Header(gz, "ETag"), Header(plain, "ETag")) << "one ETag per representation";
    EXPECT_EQ(gz.content_type, "text/javascript; charset=utf-8");
  }
  for (const char* accept :
       {"", "identity", "gzip;q=0", "br", "*;q=0", "gzip;q=0.000, br", "*, gzip;q=0"}) {
    const Response r = Get(site, js, {{"Accept-Encoding", accept}});
    EXPECT_EQ(r.FindHeader("Content-Encoding"), nullptr) << accept;
    EXPECT_EQ(r.body, script_) << accept;
  }
  // The gzip copy's ETag revalidates only the gzip copy.
  const Response gz = Get(site, js, {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(
      Get(site, js, {{"Accept-Encoding", "gzip"}, {"If-None-Match", Header(gz, "ETag")}}).status,
      304);
  EXPECT_EQ(Get(site, js, {{"If-None-Match", Header(gz, "ETag")}}).status, 200);

  // Small files and binary types are sent as they are, without Vary.
  for (const char* path : {"/", "/assets/index-77ab02.css", "/favicon.ico"}) {
    const Response r = Get(site, path, {{"Accept-Encoding", "gzip"}});
    EXPECT_EQ(r.FindHeader("Content-Encoding"), nullptr) << path;
    EXPECT_EQ(r.FindHeader("Vary"), nullptr) << path;
  }
}

TEST_F(StaticSiteTest, DotFilesAreNotServed) {
  WriteBuild();
  Write(".vite/manifest.json", "{\"secret\":1}");
  Write("assets/.index-3f9a1c.js.swp", "swap");
  const StaticSite site = StaticSite::Load(Dir());
  EXPECT_EQ(site.size(), 5u);
  EXPECT_EQ(Get(site, "/.vite/manifest.json").body, kIndex);
  EXPECT_EQ(Get(site, "/assets/.index-3f9a1c.js.swp").status, 404);
}

TEST_F(StaticSiteTest, WithoutABuiltUiTheRootAnswers503) {
  for (bool directory_exists : {false, true}) {
    fs::remove_all(Dir());
    if (directory_exists) Write("assets/index-3f9a1c.js", "x");  // no index.html
    const StaticSite site = StaticSite::Load(Dir());
    EXPECT_FALSE(site.available());
    EXPECT_NE(site.Summary().find(Dir()), std::string::npos) << site.Summary();
    EXPECT_NE(site.Summary().find("make build"), std::string::npos) << site.Summary();
    for (const char* path : {"/", "/inbox", "/index.html"}) {
      const Response text = Get(site, path);
      EXPECT_EQ(text.status, 503) << path;
      EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
      EXPECT_NE(text.body.find("make build"), std::string::npos);
      EXPECT_NE(text.body.find("ビルドされていません"), std::string::npos);
      EXPECT_NE(text.body.find("The web UI is not built"), std::string::npos);
      EXPECT_EQ(Header(text, "Cache-Control"), "no-store");
      const Response html = Get(site, path, {{"Accept", "text/html,application/xhtml+xml"}});
      EXPECT_EQ(html.status, 503);
      EXPECT_EQ(html.content_type, "text/html; charset=utf-8");
      EXPECT_NE(html.body.find("<code>make build</code>"), std::string::npos);
      EXPECT_NE(html.body.find("ビルドされていません"), std::string::npos);
      EXPECT_EQ(html.body.find(Dir()), std::string::npos) << "no server path in the page";
    }
    EXPECT_EQ(Get(site, "/assets/missing.js").status, 404);
  }
}

}  // namespace
}  // namespace shopdesk::http
