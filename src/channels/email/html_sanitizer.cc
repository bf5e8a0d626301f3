#include "channels/email/html_sanitizer.h"

#include <gumbo.h>

#include <algorithm>
#include <set>
#include <string>

#include "channels/email/charset_decoder.h"
#include "channels/email/gumbo_parse.h"
#include "channels/email/html_limiter.h"
#include "core/html_escape.h"

namespace shopdesk::channels::email {
namespace {

// Deeper trees than html_limiter allows cannot come out of gumbo; this is a backstop.
constexpr int kMaxTreeDepth = 2000;

const std::set<std::string, std::less<>> kAllowedElements{
    "a",     "abbr",  "b",     "blockquote", "br",     "caption", "center", "code",  "dd",    "del",
    "div",   "dl",    "dt",    "em",         "font",   "h1",      "h2",     "h3",    "h4",    "h5",
    "h6",    "hr",    "i",     "img",        "ins",    "li",      "ol",     "p",     "pre",   "q",
    "s",     "small", "span",  "strike",     "strong", "sub",     "sup",    "table", "tbody", "td",
    "tfoot", "th",    "thead", "tr",         "u",      "ul",      "wbr"};

// Dropped together with everything inside them.
const std::set<std::string, std::less<>> kDroppedWithContent{
    "script",   "style",  "iframe",  "frame",    "frameset", "object",   "embed",
    "applet",   "form",   "input",   "button",   "select",   "textarea", "option",
    "base",     "meta",   "link",    "svg",      "math",     "template", "noscript",
    "title",    "audio",  "video",   "source",   "track",    "canvas",   "param",
    "portal",   "dialog", "isindex", "keygen",   "datalist", "output",   "label",
    "fieldset", "legend", "noembed", "noframes", "xml",      "plaintext"};

const std::set<std::string, std::less<>> kAllowedAttributes{
    "href",        "src",     "alt",   "title",  "width",  "height",
    "colspan",     "rowspan", "align", "valign", "border", "cellpadding",
    "cellspacing", "color",   "size",  "face",   "dir",    "lang"};

const std::set<std::string, std::less<>> kVoidElements{"br", "hr", "img", "wbr"};

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The scheme of a URL as a browser would see it: gumbo already decoded entities;
// browsers also ignore control characters and whitespace inside the scheme. Empty for
// a relative URL.
std::string SchemeOf(std::string_view url) {
  std::string compact;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) continue;
    if (c == ':') {
      return compact;
    }
    if (c == '/' || c == '?' || c == '#') return "";
    compact.push_back(static_cast<char>(std::tolower(c)));
  }
  return "";
}

class Sanitizer {
 public:
  explicit Sanitizer(const SanitizeOptions& options) : options_(options) {}

  SanitizedHtml Take() { return std::move(result_); }

  void Node(const GumboNode& node, int depth) {
    if (depth > kMaxTreeDepth) {
      ++result_.removed_elements;
      return;
    }
    switch (node.type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        AppendHtmlEscaped(result_.html, node.v.text.text, HtmlContext::kText);
        return;
      case GUMBO_NODE_DOCUMENT:
        Children(node.v.document.children, depth);
        return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        Element(node.v.element, depth);
        return;
      default:  // comments (including IE conditional comments) are dropped
        return;
    }
  }

 private:
  void Children(const GumboVector& children, int depth) {
    for (unsigned i = 0; i < children.length; ++i) {
      Node(*static_cast<GumboNode*>(children.data[i]), depth + 1);
    }
  }

  static std::string TagName(const GumboElement& e) {
    if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
    GumboStringPiece piece = e.original_tag;
    gumbo_tag_from_original_text(&piece);
    return Lower(std::string_view(piece.data, piece.length));
  }

  void Element(const GumboElement& e, int depth) {
    const std::string name = TagName(e);
    if (name == "head") {  // nothing in it is shown; count what is dropped
      for (unsigned i = 0; i < e.children.length; ++i) {
        if (static_cast<GumboNode*>(e.children.data[i])->type == GUMBO_NODE_ELEMENT) {
          ++result_.removed_elements;
        }
      }
      return;
    }
    if (kDroppedWithContent.count(name) || e.tag_namespace != GUMBO_NAMESPACE_HTML) {
      ++result_.removed_elements;
      return;
    }
    if (!kAllowedElements.count(name)) {  // html, body, unknown tags: keep the content only
      Children(e.children, depth);
      return;
    }
    std::string& out = result_.html;
    out += '<';
    out += name;
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      const auto& attr = *static_cast<GumboAttribute*>(e.attributes.data[i]);
      Attribute(name, Lower(attr.name), attr.value);
    }
    if (name == "a") out += " rel=\"noopener noreferrer\" target=\"_blank\"";
    out += '>';
    if (kVoidElements.count(name)) return;
    Children(e.children, depth);
    out += "</" + name + ">";
  }

  void Attribute(const std::string& element, const std::string& attr, std::string_view value) {
    if (!kAllowedAttributes.count(attr)) {
      ++result_.removed_attributes;
      return;
    }
    if (attr == "href") {
      const std::string scheme = SchemeOf(value);
      if (element != "a" ||
          !(scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel")) {
        ++result_.removed_attributes;
        return;
      }
    }
    if (attr == "src") {
      const std::string scheme = SchemeOf(value);
      const bool remote = scheme == "http" || scheme == "https";
      if (element != "img" || !(remote || scheme == "cid")) {
        ++result_.removed_attributes;  // data:, javascript:, relative paths
        return;
      }
      if (remote && options_.block_remote_images) {
        ++result_.blocked_remote_images;
        Emit("data-blocked-src", value);
        return;
      }
    }
    Emit(attr, value);
  }

  void Emit(std::string_view attr, std::string_view value) {
    std::string& out = result_.html;
    out += ' ';
    out += attr;
    out += "=\"";
    AppendHtmlEscaped(out, value, HtmlContext::kAttribute);
    out += '"';
  }

  const SanitizeOptions& options_;
  SanitizedHtml result_;
};

}  // namespace

SanitizedHtml SanitizeHtml(std::string_view html, const SanitizeOptions& options) {
  const LimitedHtml limited = LimitHtmlForParsing(html);
  Sanitizer sanitizer(options);
  {
    const ParsedHtml parsed(limited.html);
    sanitizer.Node(parsed.document(), 0);
  }
  SanitizedHtml result = sanitizer.Take();
  result.removed_elements += limited.dropped_tags;
  // gumbo 0.10.1 copies a stray byte into its text for an overflowing numeric
  // reference ("&#x3eeeeeeeeeeee" before "あ" gives 0xEE then "あ"), so even UTF-8 input
  // could come out ill-formed, and PostgreSQL refused to store the mail (found by
  // fuzzing). U+FFFD never changes the markup.
  if (!IsValidUtf8(result.html)) result.html = ReplaceInvalidUtf8(result.html);
  return result;
}

}  // namespace shopdesk::channels::email
