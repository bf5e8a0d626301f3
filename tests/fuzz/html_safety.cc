#include "html_safety.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "invariants.h"

namespace shopdesk::fuzz {
namespace {

bool OneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

bool AllowedElement(std::string_view name) {
  return OneOf(name,
               {"a",     "abbr",   "b",      "blockquote", "br",  "caption", "center", "code",
                "dd",    "del",    "div",    "dl",         "dt",  "em",      "font",   "h1",
                "h2",    "h3",     "h4",     "h5",         "h6",  "hr",      "i",      "img",
                "ins",   "li",     "ol",     "p",          "pre", "q",       "s",      "small",
                "span",  "strike", "strong", "sub",        "sup", "table",   "tbody",  "td",
                "tfoot", "th",     "thead",  "tr",         "u",   "ul",      "wbr"});
}

bool VoidElement(std::string_view name) { return OneOf(name, {"br", "hr", "img", "wbr"}); }

bool AllowedAttribute(std::string_view name) {
  return OneOf(
      name,
      {"href",    "src",   "alt",    "title",  "width",       "height",      "colspan",
       "rowspan", "align", "valign", "border", "cellpadding", "cellspacing", "color",
       "size",    "face",  "dir",    "lang",   "rel",         "target",      "data-blocked-src"});
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The five escapes the serializer writes, undone.
std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    bool replaced = false;
    for (auto [entity, c] : {std::pair<std::string_view, char>{"&amp;", '&'},
                             {"&lt;", '<'},
                             {"&gt;", '>'},
                             {"&quot;", '"'},
                             {"&#39;", '\''}}) {
      if (s.substr(i, entity.size()) == entity) {
        out.push_back(c);
        i += entity.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(s[i]);
  }
  return out;
}

// The URL lower-cased without blanks and control characters, as a browser reads its
// scheme; "" for a relative URL.
std::string Compact(std::string_view url) {
  std::string out;
  for (unsigned char c : url) {
    if (c > 0x20 && c != 0x7f) out.push_back(static_cast<char>(std::tolower(c)));
  }
  return out;
}

std::string SchemeOf(std::string_view url) {
  const std::string compact = Compact(url);
  const auto colon = compact.find(':');
  if (colon == std::string::npos || compact.find_first_of("/?#") < colon) return "";
  return compact.substr(0, colon);
}

// Checks one attribute (value already unescaped / entity-decoded) of `element`.
void CheckAttribute(std::string_view element, std::string_view name, std::string_view value,
                    bool remote_images_blocked) {
  FUZZ_CHECK(AllowedAttribute(name));
  FUZZ_CHECK(!name.starts_with("on"));
  const std::string compact = Compact(value);
  const std::string scheme = SchemeOf(value);
  const bool url = name == "href" || name == "src" || name == "data-blocked-src";
  if (url) {
    FUZZ_CHECK(!compact.starts_with("javascript:"));
    FUZZ_CHECK(!compact.starts_with("vbscript:"));
    FUZZ_CHECK(!compact.starts_with("data:"));
  }
  if (name == "href") {
    FUZZ_CHECK(element == "a");
    FUZZ_CHECK(OneOf(scheme, {"http", "https", "mailto", "tel"}));
  }
  if (name == "src") {
    FUZZ_CHECK(element == "img");
    FUZZ_CHECK(scheme == "cid" || (!remote_images_blocked && OneOf(scheme, {"http", "https"})));
  }
  if (name == "data-blocked-src") {
    FUZZ_CHECK(element == "img");
    FUZZ_CHECK(OneOf(scheme, {"http", "https"}));
  }
  if (name == "rel") FUZZ_CHECK(element == "a" && value == "noopener noreferrer");
  if (name == "target") FUZZ_CHECK(element == "a" && value == "_blank");
}

bool IsNameChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

// 1. The serialized text, read with the serializer's own small grammar.
void CheckSerialized(std::string_view html, bool remote_images_blocked) {
  const std::string lower = Lower(html);
  for (std::string_view tag : {"<script", "<style", "<iframe", "<object", "<embed", "<svg", "<math",
                               "<form", "<base", "<meta", "<link", "<template"}) {
    FUZZ_CHECK(lower.find(tag) == std::string::npos);
  }
  std::vector<std::string> open;
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    FUZZ_CHECK(c != '>');  // text escapes '>'
    if (c == '&') {
      const std::string_view rest = html.substr(i);
      FUZZ_CHECK(rest.starts_with("&amp;") || rest.starts_with("&lt;") ||
                 rest.starts_with("&gt;") || rest.starts_with("&quot;") ||
                 rest.starts_with("&#39;"));
    }
    if (c != '<') {
      ++i;
      continue;
    }
    const bool end_tag = i + 1 < html.size() && html[i + 1] == '/';
    size_t p = i + (end_tag ? 2 : 1);
    const size_t name_start = p;
    while (p < html.size() && IsNameChar(html[p])) ++p;
    const std::string name(html.substr(name_start, p - name_start));
    FUZZ_CHECK(!name.empty());
    FUZZ_CHECK(AllowedElement(name));
    if (end_tag) {
      FUZZ_CHECK(p < html.size() && html[p] == '>');
      FUZZ_CHECK(!open.empty() && open.back() == name);  // properly nested
      if (!open.empty()) open.pop_back();
      i = p + 1;
      continue;
    }
    bool has_rel = false, has_target = false;
    while (p < html.size() && html[p] == ' ') {
      const size_t attr_start = ++p;
      while (p < html.size() && IsNameChar(html[p])) ++p;
      const std::string_view attr = html.substr(attr_start, p - attr_start);
      const bool quoted = html.substr(p).starts_with("=\"");
      FUZZ_CHECK(quoted);
      if (!quoted) return;
      const size_t value_start = p + 2;
      const size_t value_end = html.find('"', value_start);
      FUZZ_CHECK(value_end != std::string_view::npos);
      if (value_end == std::string_view::npos) return;
      const std::string_view raw_value = html.substr(value_start, value_end - value_start);
      FUZZ_CHECK(raw_value.find_first_of("<>") == std::string_view::npos);
      CheckAttribute(name, attr, Unescape(raw_value), remote_images_blocked);
      has_rel = has_rel || attr == "rel";
      has_target = has_target || attr == "target";
      p = value_end + 1;
    }
    FUZZ_CHECK(p < html.size() && html[p] == '>');
    if (name == "a") FUZZ_CHECK(has_rel && has_target);
    if (!VoidElement(name)) open.push_back(name);
    i = p + 1;
  }
  FUZZ_CHECK(open.empty());  // every element closed
}

// 2. The text re-parsed as a browser would.
void CheckNode(const GumboNode& node, int depth, bool remote_images_blocked) {
  if (depth > 3000) return;  // gumbo's own tree depth is bounded by the input
  const GumboVector* children = nullptr;
  if (node.type == GUMBO_NODE_DOCUMENT) children = &node.v.document.children;
  if (node.type == GUMBO_NODE_ELEMENT || node.type == GUMBO_NODE_TEMPLATE) {
    const GumboElement& e = node.v.element;
    FUZZ_CHECK(node.type == GUMBO_NODE_ELEMENT);
    FUZZ_CHECK(e.tag_namespace == GUMBO_NAMESPACE_HTML);
    const std::string name =
        e.tag == GUMBO_TAG_UNKNOWN ? std::string("(unknown)") : gumbo_normalized_tagname(e.tag);
    const bool wrapper = OneOf(name, {"html", "head", "body"});  // added by the parser
    FUZZ_CHECK(wrapper || AllowedElement(name));
    if (name == "head") FUZZ_CHECK(e.children.length == 0);
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      const auto& attr = *static_cast<const GumboAttribute*>(e.attributes.data[i]);
      CheckAttribute(name, Lower(attr.name), attr.value, remote_images_blocked);
    }
    children = &e.children;
  }
  if (!children) return;
  for (unsigned i = 0; i < children->length; ++i) {
    CheckNode(*static_cast<const GumboNode*>(children->data[i]), depth + 1, remote_images_blocked);
  }
}

}  // namespace

void CheckSanitizedHtml(std::string_view html, bool remote_images_blocked) {
  FUZZ_CHECK(IsWellFormedUtf8(html));
  CheckSerialized(html, remote_images_blocked);
  GumboOutput* parsed = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  CheckNode(*parsed->document, 0, remote_images_blocked);
  gumbo_destroy_output(&kGumboDefaultOptions, parsed);
}

}  // namespace shopdesk::fuzz
