#include "http/server/router.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "http/api/auth.h"

namespace shopdesk::http {
namespace {

using nlohmann::json;

Request MakeRequest(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

Handler Named(std::string name) {
  return [name](Request& r) {
    json params = json::object();
    for (const auto& [k, v] : r.path_params) params[k] = v;
    return Response::Json(200, {{"route", name}, {"params", params}});
  };
}

json Body(const Response& r) { return json::parse(r.body); }

TEST(RouterTest, MatchesLiteralAndParameterSegments) {
  Router router;
  router.Add("GET", "/api/v1/conversations", Named("list"));
  router.Add("GET", "/api/v1/conversations/{id}", Named("get"));
  router.Add("POST", "/api/v1/conversations/{id}/replies", Named("reply"));
  router.Add("GET", "/api/v1/shops/{shop}/agents/{agent}", Named("agent"));
  router.Add("GET", "/", Named("root"));

  Request req = MakeRequest("GET", "/api/v1/conversations/42");
  Response r = router.Dispatch(req);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(Body(r)["route"], "get");
  EXPECT_EQ(req.path_params.at("id"), "42");

  req = MakeRequest("GET", "/api/v1/shops/7/agents/山田");
  EXPECT_EQ(Body(router.Dispatch(req))["params"], json({{"shop", "7"}, {"agent", "山田"}}));
  req = MakeRequest("POST", "/api/v1/conversations/9/replies");
  EXPECT_EQ(Body(router.Dispatch(req))["route"], "reply");
  req = MakeRequest("GET", "/api/v1/conversations");
  EXPECT_EQ(Body(router.Dispatch(req))["route"], "list");
  req = MakeRequest("GET", "/");
  EXPECT_EQ(Body(router.Dispatch(req))["route"], "root");
  req = MakeRequest("HEAD", "/api/v1/conversations/42");
  EXPECT_EQ(Body(router.Dispatch(req))["route"], "get");
  req = MakeRequest("HEAD", "/api/v1/conversations/9/replies");
  EXPECT_EQ(router.Dispatch(req).status, 405);
}

TEST(RouterTest, UnknownPathsAre404Json) {
  Router router;
  router.Add("GET", "/api/v1/conversations/{id}", Named("get"));
  for (const char* path : {"/api/v1/nothing", "/api/v1/conversations/", "/api/v1/conversations",
                           "/api/v1/conversations/1/x", "/api/v1/conversations//", "", "x"}) {
    Request req = MakeRequest("GET", path);
    Response r = router.Dispatch(req);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(Body(r)["error"]["code"], "not_found") << path;
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  }
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router;
  router.Add("GET", "/api/v1/conversations/{id}", Named("get"));
  router.Add("DELETE", "/api/v1/conversations/{id}", Named("delete"));
  router.Add("PUT", "/api/v1/conversations/{x}/y", Named("other"));
  Request req = MakeRequest("POST", "/api/v1/conversations/42");
  Response r = router.Dispatch(req);
  EXPECT_EQ(r.status, 405);
  ASSERT_NE(r.FindHeader("allow"), nullptr);
  EXPECT_EQ(*r.FindHeader("Allow"), "GET, DELETE");
  EXPECT_EQ(Body(r)["error"]["code"], "method_not_allowed");
}

TEST(RouterTest, TheFallbackAnswersOnlyPathsNoRouteMatches) {
  Router router;
  router.Add("GET", "/api/v1/conversations/{id}", Named("get"));
  router.Add("POST", "/api/v1/session", Named("login"));
  std::vector<std::string> asked;
  router.SetFallback([&asked](Request& r) -> std::optional<Response> {
    asked.push_back(r.method + " " + r.path);
    if (r.path.starts_with("/api/")) return std::nullopt;  // left to the router's 404
    return Response::Text(200, "ui");
  });
  Request req = MakeRequest("GET", "/api/v1/conversations/7");
  EXPECT_EQ(Body(router.Dispatch(req))["route"], "get");
  req = MakeRequest("GET", "/api/v1/session");  // the path is known: 405, not the fallback
  EXPECT_EQ(router.Dispatch(req).status, 405);
  EXPECT_TRUE(asked.empty());

  for (const char* path : {"/", "/inbox", "/conversations/12"}) {
    req = MakeRequest("GET", path);
    const Response r = router.Dispatch(req);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "ui");
  }
  req = MakeRequest("HEAD", "/inbox");
  EXPECT_EQ(router.Dispatch(req).body, "ui");
  req = MakeRequest("GET", "/api/v1/nowhere");
  Response r = router.Dispatch(req);
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Body(r)["error"]["code"], "not_found");
  EXPECT_EQ(asked.back(), "GET /api/v1/nowhere");
  EXPECT_EQ(router.Routes().size(), 2u) << "the fallback is not a route";

  router.SetFallback([](Request&) -> std::optional<Response> { throw std::runtime_error("x"); });
  req = MakeRequest("GET", "/inbox");
  EXPECT_EQ(router.Dispatch(req).status, 500);
}

TEST(RouterTest, LiteralSegmentsWinOverParametersWhateverTheOrder) {
  Router router;
  router.Add("GET", "/api/v1/agents/{id}", Named("by-id"));
  router.Add("GET", "/api/v1/agents/me", Named("me"));
  router.Add("GET", "/api/v1/{kind}/me", Named("kind-me"));
  Request req = MakeRequest("GET", "/api/v1/agents/me");
  EXPECT_EQ(Body(router.Dispatch(req))["route"], "me");
  EXPECT_TRUE(req.path_params.empty());
  req = MakeRequest("GET", "/api/v1/agents/5");
  EXPECT_EQ(Body(router.Dispatch(req))["route"], "by-id");
  req = MakeRequest("GET", "/api/v1/teams/me");
  EXPECT_EQ(Body(router.Dispatch(req))["route"], "kind-me");
}

TEST(RouterTest, AThrowingHandlerBecomesA500WithoutInternals) {
  Router router;
  router.Add("GET", "/boom", [](Request&) -> Response { throw std::runtime_error("secret"); });
  router.Add("GET", "/int", [](Request&) -> Response { throw 42; });
  for (const char* path : {"/boom", "/int"}) {
    Request req = MakeRequest("GET", path);
    Response r = router.Dispatch(req);
    EXPECT_EQ(r.status, 500);
    EXPECT_EQ(Body(r)["error"]["code"], "internal");
    EXPECT_EQ(r.body.find("secret"), std::string::npos);
  }
}

TEST(RouterTest, RoutesListsRegistrationOrder) {
  Router router;
  router.Add("GET", "/b/{id}", Named("1"));
  router.Add("GET", "/b/me", Named("2"));
  router.Add("POST", "/a", Named("3"));
  const std::vector<std::pair<std::string, std::string>> expected{
      {"GET", "/b/{id}"}, {"GET", "/b/me"}, {"POST", "/a"}};
  EXPECT_EQ(router.Routes(), expected);
}

TEST(RouterDeathTest, BadRegistrationsAreBugs) {
  Router router;
  router.Add("GET", "/a/{id}", Named("1"));
  EXPECT_DEATH(router.Add("GET", "/a/{other}", Named("2")), "");
  EXPECT_DEATH(router.Add("GET", "no-slash", Named("2")), "");
  EXPECT_DEATH(router.Add("GET", "/a/{x}/{x}", Named("2")), "");
  EXPECT_DEATH(router.Add("GET", "/a/b{x}", Named("2")), "");
}

TEST(RequestTest, PathIntAndQueryInt) {
  Request r;
  for (const char* bad : {"", "12a", "-1", "+1", " 1", "99999999999999999999", "1.5"}) {
    r.path_params["id"] = bad;
    auto id = PathInt(r, "id");
    ASSERT_FALSE(id) << bad;
    EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(id.error().message.find("'id'"), std::string::npos);
  }
  r.path_params["id"] = "9223372036854775807";
  EXPECT_EQ(*PathInt(r, "id"), INT64_MAX);
  EXPECT_FALSE(PathInt(r, "missing"));

  r.query = ParseQuery("limit=50&after=-3&bad=x&big=1000");
  EXPECT_EQ(**QueryInt(r, "limit", 1, 200), 50);
  EXPECT_EQ(**QueryInt(r, "after"), -3);
  EXPECT_FALSE(QueryInt(r, "absent")->has_value());
  EXPECT_FALSE(QueryInt(r, "bad"));
  auto big = QueryInt(r, "big", 1, 200);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().message, "query parameter 'big' must be an integer from 1 to 200");
}

TEST(RequestTest, QueryDecodingAndCaseInsensitiveHeaders) {
  auto q = ParseQuery("tag=%E8%BF%94%E5%93%81&q=a+b%2Bc&status=open&x&status=closed&bad=%zz%");
  EXPECT_EQ(q["tag"], "返品");
  EXPECT_EQ(q["q"], "a b+c");
  EXPECT_EQ(q["status"], "closed");
  EXPECT_EQ(q["bad"], "%zz%");
  EXPECT_TRUE(q.count("x"));
  EXPECT_EQ(UrlDecode("/a%2Fb+c", false), "/a/b+c");

  Request r;
  r.headers.Add("Content-Type", "application/json");
  r.headers.Add("X-Twice", "1");
  r.headers.Add("x-twice", "2");
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("CONTENT-TYPE"), "application/json");
  EXPECT_EQ(r.Header("X-TWICE"), "1");
  EXPECT_EQ(r.Header("missing"), "");
  EXPECT_FALSE(r.headers.Has("content-typ"));
}

TEST(AuthTest, BearerToken) {
  Request r;
  auto missing = BearerToken(r);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kUnauthenticated);
  EXPECT_NE(missing.error().message.find("Bearer"), std::string::npos);

  for (const char* good : {"Bearer sd_0123abcd", "bearer sd_0123abcd", "BEARER  sd_0123abcd "}) {
    Request req;
    req.headers.Add("Authorization", good);
    auto token = BearerToken(req);
    ASSERT_TRUE(token) << good;
    EXPECT_EQ(*token, "sd_0123abcd");
  }
  for (const char* bad : {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearersd_1", "Bearer a b",
                          "Bearer tok\"en", "Bearer ==", "sd_0123abcd"}) {
    Request req;
    req.headers.Add("authorization", bad);
    auto token = BearerToken(req);
    ASSERT_FALSE(token) << bad;
    EXPECT_EQ(token.error().code, ErrorCode::kUnauthenticated) << bad;
  }
}

}  // namespace
}  // namespace shopdesk::http
