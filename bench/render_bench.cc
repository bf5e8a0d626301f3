// Saved-reply rendering speed on one core: a Japanese saved reply with the customer's
// name, the order, its items (a section) and tracking, compiled once and rendered
// repeatedly. Anchor, measured in the same run: the same text built by hand-written
// string appends (what the template costs over no template at all).
// Prints one JSON line. Usage: render_bench [--renders N]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/mustache.h"

namespace {

using shopdesk::Escaping;
using shopdesk::MustacheTemplate;
using shopdesk::TemplateValue;

constexpr const char* kReply =
    "{{customer.family_name}} {{customer.given_name}}様\n\n"
    "{{shop.name}}の{{agent.name}}でございます。\n"
    "このたびはご注文（注文番号 {{order.number}}）をいただき、誠にありがとうございます。\n\n"
    "{{#order.items}}\n・{{title}} × {{quantity}}\n{{/order.items}}\n"
    "\n"
    "{{#tracking.number}}\n本日、{{tracking.carrier}}にて発送いたしました。"
    "追跡番号: {{tracking.number}}\n{{tracking.url}}\n{{/tracking.number}}\n"
    "{{^tracking.number}}\n{{promised_ship_date}}までに発送いたします。\n{{/tracking.number}}\n"
    "\n"
    "{{! signature }}\n"
    "今後ともよろしくお願いいたします。\n{{shop.name}} {{agent.name}}\n";

TemplateValue Data() {
  using Map = TemplateValue::Map;
  using List = TemplateValue::List;
  return TemplateValue(
      Map{{"customer", Map{{"family_name", "山田"}, {"given_name", "太郎"}}},
          {"shop", Map{{"name", "さくら雑貨店"}}},
          {"agent", Map{{"name", "桜井"}}},
          {"order", Map{{"number", "250-1234567-1234567"},
                        {"items", List{Map{{"title", "有田焼 マグカップ"}, {"quantity", "2"}},
                                       Map{{"title", "今治タオル ハンカチ"}, {"quantity", "1"}}}}}},
          {"tracking", Map{{"number", "1234-5678-9012"},
                           {"carrier", "ヤマト運輸"},
                           {"url", "https://toi.kuronekoyamato.co.jp/?n=123456789012"}}},
          {"promised_ship_date", "11月25日(水)"}});
}

std::string ByHand(const TemplateValue& d) {
  auto text = [&](std::initializer_list<const char*> path) -> const std::string& {
    const TemplateValue* v = &d;
    for (const char* p : path) v = v->Find(p);
    return *v->AsText();
  };
  std::string out;
  out += text({"customer", "family_name"});
  out += " ";
  out += text({"customer", "given_name"});
  out += "様\n\n";
  out += text({"shop", "name"});
  out += "の";
  out += text({"agent", "name"});
  out += "でございます。\nこのたびはご注文（注文番号 ";
  out += text({"order", "number"});
  out += "）をいただき、誠にありがとうございます。\n\n";
  for (const auto& item : *d.Find("order")->Find("items")->AsList()) {
    out += "・";
    out += *item.Find("title")->AsText();
    out += " × ";
    out += *item.Find("quantity")->AsText();
    out += "\n";
  }
  out += "\n本日、";
  out += text({"tracking", "carrier"});
  out += "にて発送いたしました。追跡番号: ";
  out += text({"tracking", "number"});
  out += "\n";
  out += text({"tracking", "url"});
  out += "\n\n今後ともよろしくお願いいたします。\n";
  out += text({"shop", "name"});
  out += " ";
  out += text({"agent", "name"});
  out += "\n";
  return out;
}

template <typename F>
double PerSecond(long n, F f) {
  const auto start = std::chrono::steady_clock::now();
  std::size_t sink = 0;
  for (long i = 0; i < n; ++i) sink += f().size();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (sink == 0) std::fprintf(stderr, "nothing rendered\n");
  return n / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  long renders = 1000000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--renders") == 0) renders = std::stol(argv[i + 1]);
  }
  auto compiled = MustacheTemplate::Compile(kReply);
  if (!compiled) {
    std::fprintf(stderr, "%s\n", compiled.error().message.c_str());
    return 1;
  }
  const TemplateValue data = Data();
  const std::string rendered = compiled->Render(data, Escaping::kNone);
  if (rendered != ByHand(data)) {
    std::fprintf(stderr, "the template and the anchor differ:\n%s\n---\n%s\n", rendered.c_str(),
                 ByHand(data).c_str());
    return 1;
  }
  const double template_rate =
      PerSecond(renders, [&] { return compiled->Render(data, Escaping::kNone); });
  const double html_rate =
      PerSecond(renders, [&] { return compiled->Render(data, Escaping::kHtml); });
  const double anchor_rate = PerSecond(renders, [&] { return ByHand(data); });
  std::printf(
      "{\"renders\": %ld, \"bytes\": %zu, \"renders_per_second\": %.0f, "
      "\"html_renders_per_second\": %.0f, \"anchor_per_second\": %.0f}\n",
      renders, rendered.size(), template_rate, html_rate, anchor_rate);
  return 0;
}
