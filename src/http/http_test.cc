#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "http/api.h"
#include "http/error_mapping.h"
#include "http/json_body.h"
#include "http/router.h"
#include "store/database_pool.h"
#include "testing/fake_clock.h"

namespace shopdesk::http {
namespace {

Response Ok200(Request&) { return Response::Text(200, "ok"); }

Request MakeRequest(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

TEST(RouterTest, MatchesParamsAndAnswers404And405) {
  Router router;
  router.Add("GET", "/api/v1/conversations/{id}",
             [](Request& r) { return Response::Text(200, r.path_params["id"]); });
  router.Add("POST", "/api/v1/conversations/{id}/notes", Ok200);
  Request get = MakeRequest("GET", "/api/v1/conversations/42");
  EXPECT_EQ(router.Dispatch(get).body, "42");
  Request wrong = MakeRequest("DELETE", "/api/v1/conversations/42");
  Response r = router.Dispatch(wrong);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers.at(0).second, "GET");
  Request unknown = MakeRequest("GET", "/api/v1/nothing");
  EXPECT_EQ(router.Dispatch(unknown).status, 404);
  Request empty_param = MakeRequest("GET", "/api/v1/conversations/");
  EXPECT_EQ(router.Dispatch(empty_param).status, 404);
}

TEST(RouterTest, AThrowingHandlerBecomesA500WithoutInternals) {
  Router router;
  router.Add("GET", "/boom",
             [](Request&) -> Response { throw std::runtime_error("secret detail"); });
  Request req = MakeRequest("GET", "/boom");
  Response r = router.Dispatch(req);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret detail"), std::string::npos);
}

TEST(ErrorMappingTest, EveryCodeHasItsStatus) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
  auto body = nlohmann::json::parse(Response::FromError(Error::NotFound("conversation", 7)).body);
  EXPECT_EQ(body["error"]["code"], "not_found");
  EXPECT_EQ(body["error"]["message"], "conversation 7 not found");
}

TEST(JsonBodyTest, StrictFields) {
  Request req;
  req.body = R"({"body":"山田様","status":"pending","n":1})";
  auto obj = ParseJsonObject(req);
  ASSERT_TRUE(obj);
  JsonFields unknown(*obj, {"body", "status"});
  EXPECT_NE(unknown.Finish().error().message.find("'n'"), std::string::npos);
  JsonFields ok(*obj, {"body", "status", "n"});
  EXPECT_EQ(ok.RequiredString("body"), "山田様");
  EXPECT_TRUE(ok.Finish());
  JsonFields wrong_type(*obj, {"body", "status", "n"});
  wrong_type.OptionalBool("status");
  EXPECT_NE(wrong_type.Finish().error().message.find("'status'"), std::string::npos);
  JsonFields missing(*obj, {"body", "status", "n", "x"});
  missing.RequiredString("x");
  EXPECT_FALSE(missing.Finish());
  for (const char* bad : {"", "[1]", "{", "\"s\"", "{\"a\":\"\xff\"}"}) {
    Request r;
    r.body = bad;
    EXPECT_FALSE(ParseJsonObject(r)) << bad;
  }
}

TEST(ResponseTest, DownloadsAreSafe) {
  Response r = Response::Download("text/html", "<script>", "見積\"書\r\n/../x.html");
  EXPECT_EQ(r.content_type, "application/octet-stream");
  const std::string& cd = r.headers.at(0).second;
  EXPECT_TRUE(cd.starts_with("attachment; filename=\""));
  EXPECT_EQ(cd.find('\r'), std::string::npos);
  EXPECT_EQ(cd.find('\n'), std::string::npos);
  EXPECT_EQ(cd.find("\"\""), std::string::npos);
  EXPECT_NE(cd.find("filename*=UTF-8''%E8%A6%8B%E7%A9%8D"), std::string::npos);
  EXPECT_EQ(Response::Download("image/png", "x", "a.png").content_type, "image/png");
}

TEST(RequestTest, QueryAndPathDecoding) {
  auto q = ParseQuery("tag=%E8%BF%94%E5%93%81&status=open&x");
  EXPECT_EQ(q["tag"], "返品");
  EXPECT_EQ(q["status"], "open");
  EXPECT_TRUE(q.count("x"));
  Request r;
  r.path_params["id"] = "12a";
  EXPECT_FALSE(PathInt(r, "id"));
  r.path_params["id"] = "12";
  EXPECT_EQ(*PathInt(r, "id"), 12);
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
