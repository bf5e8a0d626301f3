#include "core/mustache.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

namespace shopdesk {
namespace {

using nlohmann::json;

TemplateValue FromJson(const json& j) {
  if (j.is_null()) return TemplateValue();
  if (j.is_boolean()) return TemplateValue(j.get<bool>());
  if (j.is_string()) return TemplateValue(j.get<std::string>());
  if (j.is_number()) return TemplateValue(j.dump());
  if (j.is_array()) {
    TemplateValue::List list;
    for (const auto& item : j) list.push_back(FromJson(item));
    return TemplateValue(std::move(list));
  }
  TemplateValue::Map map;
  for (const auto& [key, value] : j.items()) map.emplace_back(key, FromJson(value));
  return TemplateValue(std::move(map));
}

// The Mustache spec (../shared/data/mustache-spec, written by others): every test of
// interpolation, sections, inverted sections and comments, HTML escaping on.
class MustacheSpecTest : public ::testing::TestWithParam<const char*> {};

TEST_P(MustacheSpecTest, PassesEveryCase) {
  const std::string path = std::string("../shared/data/mustache-spec/") + GetParam() + ".json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "../shared/data is not here";
  std::ifstream in(path);
  const json spec = json::parse(in);
  int cases = 0;
  for (const auto& test : spec.at("tests")) {
    const std::string name = test.at("name");
    auto compiled = MustacheTemplate::Compile(test.at("template").get<std::string>());
    ASSERT_TRUE(compiled) << name << ": " << compiled.error().ToString();
    EXPECT_EQ(compiled->Render(FromJson(test.at("data")), Escaping::kHtml),
              test.at("expected").get<std::string>())
        << GetParam() << " / " << name;
    ++cases;
  }
  EXPECT_GT(cases, 10);
}

INSTANTIATE_TEST_SUITE_P(Spec, MustacheSpecTest,
                         ::testing::Values("interpolation", "sections", "inverted", "comments"));

TEST(MustacheTest, PlainTextIsNotEscapedAndNamesAreListed) {
  auto t = MustacheTemplate::Compile(
      "{{customer.family_name}}様\n\nご注文 {{order.number}} の件、{{#tracking}}追跡番号: "
      "{{tracking}}{{/tracking}}{{^tracking}}発送準備中です{{/tracking}}。");
  ASSERT_TRUE(t) << t.error().ToString();
  TemplateValue data(
      TemplateValue::Map{{"customer", TemplateValue::Map{{"family_name", "山田"}}},
                         {"order", TemplateValue::Map{{"number", "250-1234567-1234567"}}},
                         {"tracking", "<1234>"}});
  EXPECT_EQ(t->Render(data, Escaping::kNone),
            "山田様\n\nご注文 250-1234567-1234567 の件、追跡番号: <1234>。");
  EXPECT_EQ(t->Render(data, Escaping::kHtml),
            "山田様\n\nご注文 250-1234567-1234567 の件、追跡番号: &lt;1234&gt;。");
  ASSERT_EQ(t->Names().size(), 3u);
  EXPECT_EQ(t->Names()[0].name, "customer.family_name");
  EXPECT_EQ(t->Names()[2].name, "tracking");
  EXPECT_EQ(t->Names()[2].line, 3);
}

TEST(MustacheTest, BlankVariablesAreNamedWhereTheyRenderAsNothing) {
  auto t = MustacheTemplate::Compile(
      "{{customer.name}}様、追跡番号は（{{tracking.number}}）です。"
      "{{#tracking.url}}{{tracking.url}}{{/tracking.url}}{{#order}}{{note}}{{number}}{{/order}}"
      "{{tracking.number}}{{missing}}");
  ASSERT_TRUE(t) << t.error().ToString();
  TemplateValue data(TemplateValue::Map{
      {"customer", TemplateValue::Map{{"name", "山田 太郎"}}},
      {"tracking", TemplateValue::Map{{"number", ""}, {"url", ""}}},
      {"order", TemplateValue::Map{{"number", "250-1234567-1234567"}, {"note", ""}}}});
  std::vector<std::string> blank;
  EXPECT_EQ(t->Render(data, Escaping::kNone, &blank),
            "山田 太郎様、追跡番号は（）です。250-1234567-1234567");
  // Once each, in order; tracking.url is inside a section that was skipped.
  EXPECT_EQ(blank, (std::vector<std::string>{"tracking.number", "note", "missing"}));
}

TEST(MustacheTest, BadTemplatesSayWhereTheyAreWrong) {
  auto unclosed_tag = MustacheTemplate::Compile("こんにちは\n{{customer.name 様");
  ASSERT_FALSE(unclosed_tag);
  EXPECT_NE(unclosed_tag.error().message.find("line 2, column 1"), std::string::npos)
      << unclosed_tag.error().message;
  auto unclosed_section = MustacheTemplate::Compile("a\n  {{#items}}{{name}}\n");
  ASSERT_FALSE(unclosed_section);
  EXPECT_NE(unclosed_section.error().message.find("line 2, column 3"), std::string::npos);
  EXPECT_NE(unclosed_section.error().message.find("{{/items}}"), std::string::npos);
  auto mismatched = MustacheTemplate::Compile("{{#a}}{{#b}}{{/a}}{{/b}}");
  ASSERT_FALSE(mismatched);
  EXPECT_NE(mismatched.error().message.find("does not close 'b'"), std::string::npos);
  EXPECT_FALSE(MustacheTemplate::Compile("{{/a}}"));
  EXPECT_FALSE(MustacheTemplate::Compile("{{}}"));
  EXPECT_FALSE(MustacheTemplate::Compile("{{> footer}}"));
  EXPECT_FALSE(MustacheTemplate::Compile("{{=<% %>=}}"));
  EXPECT_FALSE(MustacheTemplate::Compile("{{a..b}}"));
}

// Each mistake has a stable reason with its place, so the desk can say it in Japanese.
TEST(MustacheTest, BadTemplatesNameTheirReasonAndPlace) {
  const auto reason = [](const char* source) {
    auto compiled = MustacheTemplate::Compile(source);
    EXPECT_FALSE(compiled) << source;
    return compiled ? Error() : compiled.error();
  };
  const Error bad_name = reason("{{customer} {{customer.salutation}}");
  EXPECT_EQ(bad_name.reason, "template.bad_name");
  EXPECT_EQ(
      bad_name.params,
      (Error::Params{{"line", "1"}, {"column", "1"}, {"name", "customer} {{customer.salutation"}}));
  EXPECT_EQ(reason("こんにちは\n{{customer.name 様").reason, "template.unclosed_tag");
  EXPECT_EQ(reason("a\n  {{#items}}").reason, "template.unclosed_section");
  EXPECT_EQ(reason("{{#a}}{{#b}}{{/a}}{{/b}}").reason, "template.wrong_close");
  EXPECT_EQ(reason("{{/a}}").reason, "template.stray_close");
  EXPECT_EQ(reason("{{}}").reason, "template.no_name");
  EXPECT_EQ(reason("{{> footer}}").reason, "template.partial");
  EXPECT_EQ(reason("{{=<% %>=}}").reason, "template.delimiter");
}

}  // namespace
}  // namespace shopdesk
