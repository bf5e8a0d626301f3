#include "http/server/response.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "http/server/error_mapping.h"

namespace shopdesk::http {
namespace {

using nlohmann::json;

TEST(ErrorMappingTest, EveryCodeHasItsStatus) {
  const std::vector<std::pair<ErrorCode, int>> table{
      {ErrorCode::kInvalidArgument, 400},  {ErrorCode::kUnauthenticated, 401},
      {ErrorCode::kPermissionDenied, 403}, {ErrorCode::kNotFound, 404},
      {ErrorCode::kConflict, 409},         {ErrorCode::kTooLarge, 413},
      {ErrorCode::kUnavailable, 503},      {ErrorCode::kCorrupt, 500},
      {ErrorCode::kInternal, 500}};
  for (const auto& [code, status] : table) {
    EXPECT_EQ(HttpStatusFor(code), status) << ErrorCodeName(code);
    Response r = Response::Error({code, "what happened"});
    EXPECT_EQ(r.status, status);
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    const json body = json::parse(r.body);
    EXPECT_EQ(body["error"]["code"], ErrorCodeName(code));
    ASSERT_TRUE(body["error"]["message"].is_string());
  }
}

TEST(ErrorMappingTest, BodyShapeAndNoLeakedInternals) {
  EXPECT_EQ(json::parse(Response::Error(Error::NotFound("conversation", 7)).body),
            json::parse(R"({"error":{"code":"not_found","reason":"not_found",
                "params":{"what":"conversation","key":"7"},"message":"conversation 7 not found"}})"));
  // An error that names no reason of its own has its code as the reason.
  EXPECT_EQ(json::parse(Response::Error(Error::Conflict("busy")).body),
            json::parse(R"({"error":{"code":"conflict","reason":"conflict","params":{},
                "message":"busy"}})"));
  EXPECT_EQ(json::parse(Response::Error(Error::InvalidArgument("x").WithReason(
                                            "login.locked", {{"until", "2026-12-03T01:00:00Z"}}))
                            .body)["error"]["params"]["until"],
            "2026-12-03T01:00:00Z");
  EXPECT_EQ(json::parse(
                Response::FromError(Error::Conflict("既に解決済みです")).body)["error"]["message"],
            "既に解決済みです");
  for (const Error& hidden : {Error::Internal("SELECT * FROM agents failed at db.cc:42"),
                              Error::Corrupt("row 9 checksum /var/lib/x")}) {
    const std::string body = Response::Error(hidden).body;
    EXPECT_EQ(body.find("db.cc"), std::string::npos);
    EXPECT_EQ(body.find("/var/lib"), std::string::npos);
  }
  Response unauthenticated = Response::Error(Error::Unauthenticated("no token"));
  ASSERT_NE(unauthenticated.FindHeader("www-authenticate"), nullptr);
  EXPECT_EQ(*unauthenticated.FindHeader("WWW-Authenticate"), "Bearer");
}

TEST(ResponseTest, HelpersAndHeaders) {
  Response r = Response::Json(201, {{"name", "さくら雑貨店"}, {"bad", std::string("\xff")}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(json::parse(r.body)["name"], "さくら雑貨店");
  EXPECT_EQ(json::parse(r.body)["bad"], "\xEF\xBF\xBD");  // U+FFFD, not an exception
  Response t = Response::Text(200, "ok");
  EXPECT_EQ(t.content_type, "text/plain; charset=utf-8");
  t.SetHeader("Cache-Control", "max-age=60");
  t.headers.emplace_back("cache-control", "private");
  EXPECT_EQ(*t.FindHeader("CACHE-CONTROL"), "private");
  t.SetHeader("cache-control", "no-cache");
  EXPECT_EQ(t.headers.size(), 1u);
  EXPECT_EQ(Response::NoContent().status, 204);
  EXPECT_TRUE(Response::NoContent().body.empty());
}

TEST(ContentDispositionTest, JapaneseFilename) {
  EXPECT_EQ(AttachmentDisposition("見積書.pdf"),
            "attachment; filename=\"download.pdf\"; "
            "filename*=UTF-8''%E8%A6%8B%E7%A9%8D%E6%9B%B8.pdf");
  EXPECT_EQ(AttachmentDisposition("返品-2024 (控え).txt"),
            "attachment; filename=\"_-2024 (_).txt\"; "
            "filename*=UTF-8''%E8%BF%94%E5%93%81-2024%20%28%E6%8E%A7%E3%81%88%29.txt");
}

TEST(ContentDispositionTest, HostileFilenames) {
  const std::string cd = AttachmentDisposition("a\"b\r\nSet-Cookie: x=1/../..\\evil;.html");
  EXPECT_EQ(cd.find('\r'), std::string::npos);
  EXPECT_EQ(cd.find('\n'), std::string::npos);
  EXPECT_EQ(cd.find('/'), std::string::npos);
  EXPECT_EQ(cd.find('\\'), std::string::npos);
  EXPECT_EQ(std::count(cd.begin(), cd.end(), '"'), 2);  // the two around the fallback
  EXPECT_EQ(cd,
            "attachment; filename=\"a_b__Set-Cookie: x=1_.._.._evil_.html\"; "
            "filename*=UTF-8''a%22b__Set-Cookie%3A%20x%3D1_.._.._evil%3B.html");
  EXPECT_EQ(AttachmentDisposition("../../etc/passwd"),
            "attachment; filename=\"_.._etc_passwd\"; filename*=UTF-8''_.._etc_passwd");
  EXPECT_EQ(AttachmentDisposition(""),
            "attachment; filename=\"download\"; filename*=UTF-8''download");
  EXPECT_EQ(AttachmentDisposition(". ."),
            "attachment; filename=\"download\"; filename*=UTF-8''download");
  // Invalid UTF-8 and a right-to-left override (disguising "exe" as "jpg") are replaced.
  EXPECT_EQ(AttachmentDisposition("x\xff\xfey.txt"),
            "attachment; filename=\"x__y.txt\"; filename*=UTF-8''x__y.txt");
  EXPECT_EQ(AttachmentDisposition("photo\u202Egpj.exe"),
            "attachment; filename=\"photo_gpj.exe\"; filename*=UTF-8''photo_gpj.exe");
  // Long names are cut on a character boundary, keeping the extension.
  std::string long_name;
  for (int i = 0; i < 100; ++i) long_name += "長";
  const std::string cut = AttachmentDisposition(long_name + ".pdf");
  EXPECT_LT(cut.size(), 600u);
  EXPECT_TRUE(cut.ends_with("%E9%95%B7.pdf")) << cut;
}

TEST(ResponseTest, BytesAreDownloadsNeverRendered) {
  Response r = Response::Bytes("text/html; charset=utf-8", "<script>", "見積.html");
  EXPECT_EQ(r.content_type, "application/octet-stream");
  EXPECT_EQ(r.body, "<script>");
  ASSERT_NE(r.FindHeader("Content-Disposition"), nullptr);
  EXPECT_TRUE(r.FindHeader("Content-Disposition")->starts_with("attachment; filename=\""));
  EXPECT_EQ(*r.FindHeader("X-Content-Type-Options"), "nosniff");
  for (const char* risky : {"image/svg+xml",
                            "application/xhtml+xml",
                            "text/javascript",
                            "",
                            "text/plain\r\nX: y",
                            "nonsense",
                            "TEXT/HTML",
                            "image/png;\x01",
                            "text/jscript",
                            "text/livescript",
                            "text/vbscript",
                            "application/x-ecmascript",
                            "text/javascript1.5",
                            "text/xml",
                            "application/rss+xml",
                            "text/xsl",
                            "multipart/x-mixed-replace; boundary=x",
                            "application/x-shockwave-flash",
                            "text/x-component",
                            " text/html",
                            "text/html\t"}) {
    EXPECT_EQ(Response::Bytes(risky, "x", "a").content_type, "application/octet-stream") << risky;
  }
  for (const char* fine : {"image/png", "application/pdf", "message/rfc822",
                           "text/plain; charset=utf-8", "text/csv"}) {
    EXPECT_EQ(Response::Bytes(fine, "x", "a").content_type, fine);
  }
  EXPECT_EQ(Response::Download("image/png", "x", "a.png").content_type, "image/png");
}

}  // namespace
}  // namespace shopdesk::http
