#include "http/api/json_body.h"

#include <gtest/gtest.h>

namespace shopdesk::http {
namespace {

Request JsonRequest(std::string body, std::string content_type = "application/json") {
  Request r;
  r.method = "POST";
  if (!content_type.empty()) r.headers.Add("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

std::string ErrorOf(const Status& status) { return status ? "" : status.error().message; }

TEST(ParseJsonObjectTest, AcceptsObjectsAndKeepsJapanese) {
  auto body = ParseJsonObject(JsonRequest(R"({"body":"山田様、ご連絡ありがとうございます。🙇"})",
                                          "application/json; charset=UTF-8"));
  ASSERT_TRUE(body);
  EXPECT_EQ((*body)["body"], "山田様、ご連絡ありがとうございます。🙇");
  EXPECT_TRUE(ParseJsonObject(JsonRequest(R"({"a":"\u3042"})", "application/merge-patch+json")));
  EXPECT_EQ((*ParseJsonObject(JsonRequest(R"({"a":"\u3042"})")))["a"], "あ");
}

TEST(ParseJsonObjectTest, RefusesWrongContentType) {
  for (const char* type : {"", "text/plain", "application/x-www-form-urlencoded",
                           "application/jsonx", "application/json; charset=shift_jis"}) {
    auto body = ParseJsonObject(JsonRequest("{}", type));
    ASSERT_FALSE(body) << type;
    EXPECT_EQ(body.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(body.error().message.find(std::string(type).empty() ? "Content-Type" : "JSON"),
              std::string::npos)
        << body.error().message;
  }
}

TEST(ParseJsonObjectTest, RefusesBadBodies) {
  auto bad = ParseJsonObject(JsonRequest(R"({"a": 1,})"));
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("at byte 9"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().message.find("[json.exception"), std::string::npos);
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  for (const std::string& text :
       {std::string(""), std::string("[1]"), std::string("{"), std::string("\"s\""),
        std::string("null"), std::string("{\"a\":\"\xff\"}"), std::string("{\"\xe3\x81\":1}"),
        std::string("{\"a\":\"\xed\xa0\x80\"}"), std::string("{\"a\":1,\"a\":2}"),
        std::string("{\"o\":{\"b\":1,\"b\":1}}"), "{\"d\":" + deep + "}", std::string("{} {}")}) {
    auto body = ParseJsonObject(JsonRequest(text));
    ASSERT_FALSE(body) << text;
    EXPECT_EQ(body.error().code, ErrorCode::kInvalidArgument);
  }
  auto twice = ParseJsonObject(JsonRequest(R"({"body":"a","body":"b"})"));
  EXPECT_NE(twice.error().message.find("'body' appears twice"), std::string::npos);
  // The same name in sibling objects is fine.
  EXPECT_TRUE(ParseJsonObject(JsonRequest(R"({"a":{"x":1},"b":{"x":2}})")));
}

TEST(JsonFieldsTest, ReadsTypedFields) {
  auto body = ParseJsonObjectText(
      R"({"body":"返品をお願いします","status":null,"limit":50,"spam":true,
          "tags":["返品","至急"],"agent_id":null,"customer":{"name":"田中"}})");
  ASSERT_TRUE(body);
  JsonFields f(*body, {"body", "status", "limit", "spam", "tags", "agent_id", "customer", "html"});
  EXPECT_EQ(f.RequiredString("body"), "返品をお願いします");
  EXPECT_EQ(f.OptionalNullableString("status"),
            std::optional<std::optional<std::string>>(std::optional<std::string>()));
  EXPECT_EQ(f.OptionalString("html"), std::nullopt);
  EXPECT_EQ(f.RequiredInt("limit", 1, 200), 50);
  EXPECT_EQ(f.OptionalInt("missing"), std::nullopt);
  EXPECT_EQ(f.OptionalBool("spam"), true);
  EXPECT_TRUE(f.RequiredBool("spam"));
  EXPECT_EQ(f.RequiredStringArray("tags"), (std::vector<std::string>{"返品", "至急"}));
  EXPECT_EQ(f.OptionalStringArray("missing"), std::nullopt);
  auto agent = f.OptionalNullableInt("agent_id");
  ASSERT_TRUE(agent.has_value());
  EXPECT_FALSE(agent->has_value());
  const nlohmann::json* customer = f.OptionalObject("customer");
  ASSERT_NE(customer, nullptr);
  EXPECT_TRUE(f.Has("customer"));
  EXPECT_TRUE(f.Finish());

  JsonFields nested(*customer, {"email"}, "customer");
  EXPECT_EQ(ErrorOf(nested.Finish()), "field 'customer.name' is not allowed here (allowed: email)");
}

TEST(JsonFieldsTest, ArraysOfObjectsAreReadItemByItem) {
  auto body = ParseJsonObjectText(R"({"files":[{"filename":"a.pdf"},{"name":"b"}]})");
  JsonFields f(*body, {"files", "missing"});
  EXPECT_EQ(f.OptionalArray("missing", 10), nullptr);
  const nlohmann::json* files = f.OptionalArray("files", 10);
  ASSERT_NE(files, nullptr);
  EXPECT_TRUE(f.Finish());
  JsonFields first((*files)[0], {"filename"}, "files[0]");
  EXPECT_EQ(first.RequiredString("filename"), "a.pdf");
  EXPECT_TRUE(first.Finish());
  JsonFields second((*files)[1], {"filename"}, "files[1]");
  EXPECT_EQ(ErrorOf(second.Finish()),
            "field 'files[1].name' is not allowed here (allowed: filename)");
}

TEST(JsonFieldsTest, UnknownFieldIsNamed) {
  auto body = ParseJsonObjectText(R"({"body":"x","stauts":"open"})");
  JsonFields f(*body, {"body", "status"});
  EXPECT_EQ(f.RequiredString("body"), "x");
  const Status ok = f.Finish();
  ASSERT_FALSE(ok);
  EXPECT_EQ(ok.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ok.error().message, "field 'stauts' is not allowed here (allowed: body, status)");
}

TEST(JsonFieldsTest, WrongTypesAndMissingFieldsAreNamed) {
  auto body = ParseJsonObjectText(
      R"({"s":1,"i":"1","f":1.5,"b":"true","a":["x",2],"n":null,"big":18446744073709551615,
          "neg":-5,"o":[]})");
  const std::vector<std::pair<std::function<void(JsonFields&)>, std::string>> cases{
      {[](JsonFields& f) { f.RequiredString("s"); }, "field 's' must be a string"},
      {[](JsonFields& f) { f.OptionalString("n"); }, "field 'n' must be a string"},
      {[](JsonFields& f) { f.OptionalInt("i"); }, "field 'i' must be an integer"},
      {[](JsonFields& f) { f.RequiredInt("f"); }, "field 'f' must be an integer"},
      {[](JsonFields& f) { f.OptionalInt("big"); }, "field 'big' must be an integer"},
      {[](JsonFields& f) { f.OptionalInt("neg", 0); }, "field 'neg' must be at least 0"},
      {[](JsonFields& f) { f.OptionalBool("b"); }, "field 'b' must be true or false"},
      {[](JsonFields& f) { f.OptionalStringArray("a"); }, "field 'a' must be an array of strings"},
      {[](JsonFields& f) { f.OptionalObject("o"); }, "field 'o' must be a JSON object"},
      {[](JsonFields& f) { f.OptionalArray("s", 5); }, "field 's' must be a JSON array"},
      {[](JsonFields& f) { f.OptionalArray("a", 1); }, "field 'a' may hold at most 1 items"},
      {[](JsonFields& f) { f.RequiredString("missing"); }, "field 'missing' is required"},
      {[](JsonFields& f) { f.RequiredBool("missing"); }, "field 'missing' is required"},
      {[](JsonFields& f) { f.RequiredStringArray("missing"); }, "field 'missing' is required"},
  };
  for (const auto& [read, message] : cases) {
    JsonFields f(*body, {"s", "i", "f", "b", "a", "n", "big", "neg", "o", "missing"});
    read(f);
    EXPECT_EQ(ErrorOf(f.Finish()), message);
  }
  // The first problem is the one reported.
  JsonFields f(*body, {"s", "i", "f", "b", "a", "n", "big", "neg", "o"});
  f.RequiredString("s");
  f.OptionalInt("i");
  EXPECT_EQ(ErrorOf(f.Finish()), "field 's' must be a string");
  // Not an object at all.
  const nlohmann::json not_object = nlohmann::json::array();
  JsonFields array(not_object, {"x"});
  EXPECT_EQ(array.RequiredString("x"), "");
  EXPECT_EQ(ErrorOf(array.Finish()), "the body must be a JSON object");
}

}  // namespace
}  // namespace shopdesk::http
