#include "channels/email/html_sanitizer.h"

#include <gumbo.h>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>

namespace shopdesk::channels::email {
namespace {

const std::set<std::string, std::less<>> kAllowedElements{
    "a",     "abbr",  "b",     "blockquote", "br",     "caption", "center", "code",  "dd",    "del",
    "div",   "dl",    "dt",    "em",         "font",   "h1",      "h2",     "h3",    "h4",    "h5",
    "h6",    "hr",    "i",     "img",        "ins",    "li",      "ol",     "p",     "pre",   "q",
    "s",     "small", "span",  "strike",     "strong", "sub",     "sup",    "table", "tbody", "td",
    "tfoot", "th",    "thead", "tr",         "u",      "ul",      "wbr"};

// Dropped together with everything inside them.
const std::set<std::string, std::less<>> kDroppedWithContent{
    "script", "style",  "iframe", "frame",    "frameset", "object", "embed", "applet",
    "form",   "input",  "button", "select",   "textarea", "option", "base",  "meta",
    "link",   "svg",    "math",   "template", "noscript", "title",  "head",  "audio",
    "video",  "source", "track",  "canvas",   "param",    "portal", "dialog"};

const std::set<std::string, std::less<>> kAllowedAttributes{
    "href",        "src",     "alt",   "title",  "width",  "height",
    "colspan",     "rowspan", "align", "valign", "border", "cellpadding",
    "cellspacing", "color",   "size",  "face",   "dir",    "lang"};

const std::set<std::string, std::less<>> kVoidElements{"br", "hr", "img", "wbr"};

void AppendEscaped(std::string& out, std::string_view text, bool attribute) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        if (attribute) {
          out += "&quot;";
          break;
        }
        out.push_back(c);
        break;
      case '\'':
        if (attribute) {
          out += "&#39;";
          break;
        }
        out.push_back(c);
        break;
      default:
        out.push_back(c);
    }
  }
}

// The scheme of a URL as a browser would see it: gumbo already decoded entities;
// browsers also ignore control characters and whitespace inside the scheme.
std::string SchemeOf(std::string_view url) {
  std::string compact;
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) continue;
    compact.push_back(static_cast<char>(std::tolower(c)));
    if (c == ':' || c == '/' || c == '?' || c == '#') break;
  }
  const auto colon = compact.find(':');
  if (colon == std::string::npos) return "";  // relative
  return compact.substr(0, colon);
}

struct Walker {
  const SanitizeOptions& options;
  SanitizedHtml result;

  std::string_view TagName(const GumboElement& e) {
    if (e.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(e.tag);
    GumboStringPiece piece = e.original_tag;
    gumbo_tag_from_original_text(&piece);
    return std::string_view(piece.data, piece.length);
  }

  void Children(const GumboVector& children) {
    for (unsigned i = 0; i < children.length; ++i) Node(*static_cast<GumboNode*>(children.data[i]));
  }

  void Node(const GumboNode& node) {
    switch (node.type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        AppendEscaped(result.html, node.v.text.text, false);
        return;
      case GUMBO_NODE_DOCUMENT:
        Children(node.v.document.children);
        return;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        Element(node.v.element);
        return;
      default:  // comments
        return;
    }
  }

  void Element(const GumboElement& e) {
    std::string name(TagName(e));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (kDroppedWithContent.count(name) || e.tag_namespace != GUMBO_NAMESPACE_HTML) {
      ++result.removed_elements;
      return;
    }
    if (!kAllowedElements.count(name)) {  // html, body, unknown tags: keep the content only
      Children(e.children);
      return;
    }
    result.html += '<';
    result.html += name;
    for (unsigned i = 0; i < e.attributes.length; ++i) {
      const auto& attr = *static_cast<GumboAttribute*>(e.attributes.data[i]);
      Attribute(name, attr.name, attr.value);
    }
    if (name == "a") result.html += " rel=\"noopener noreferrer\" target=\"_blank\"";
    result.html += '>';
    if (kVoidElements.count(name)) return;
    Children(e.children);
    result.html += "</" + name + ">";
  }

  void Attribute(const std::string& element, std::string_view name, std::string_view value) {
    std::string attr(name);
    std::transform(attr.begin(), attr.end(), attr.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!kAllowedAttributes.count(attr)) {
      ++result.removed_attributes;
      return;
    }
    if (attr == "href") {
      if (element != "a") return;
      const std::string scheme = SchemeOf(value);
      if (!(scheme.empty() || scheme == "http" || scheme == "https" || scheme == "mailto" ||
            scheme == "tel")) {
        ++result.removed_attributes;
        return;
      }
    }
    if (attr == "src") {
      if (element != "img") return;
      const std::string scheme = SchemeOf(value);
      if (scheme == "cid") {
        // kept: the UI rewrites it to the stored attachment
      } else if ((scheme == "http" || scheme == "https") && options.block_remote_images) {
        ++result.blocked_remote_images;
        result.html += " data-blocked-src=\"";
        AppendEscaped(result.html, value, true);
        result.html += '"';
        return;
      } else if (scheme != "http" && scheme != "https") {
        ++result.removed_attributes;  // data:, javascript:, relative paths
        return;
      }
    }
    result.html += ' ';
    result.html += attr;
    result.html += "=\"";
    AppendEscaped(result.html, value, true);
    result.html += '"';
  }
};

const std::set<std::string, std::less<>> kBlockElements{
    "p",  "div", "br", "tr",         "li",      "h1",      "h2",     "h3",
    "h4", "h5",  "h6", "blockquote", "pre",     "table",   "ul",     "ol",
    "hr", "dd",  "dt", "center",     "address", "section", "article"};

void TextOf(const GumboNode& node, std::string& out) {
  if (node.type == GUMBO_NODE_TEXT || node.type == GUMBO_NODE_WHITESPACE ||
      node.type == GUMBO_NODE_CDATA) {
    for (const char* p = node.v.text.text; *p; ++p) {
      const char c = *p == '\t' || *p == '\r' || *p == '\n' ? ' ' : *p;
      if (c == ' ' && (out.empty() || out.back() == ' ' || out.back() == '\n')) continue;
      out.push_back(c);
    }
    return;
  }
  if (node.type != GUMBO_NODE_ELEMENT && node.type != GUMBO_NODE_DOCUMENT) return;
  const GumboVector* children =
      node.type == GUMBO_NODE_DOCUMENT ? &node.v.document.children : &node.v.element.children;
  std::string_view name;
  if (node.type == GUMBO_NODE_ELEMENT) {
    if (node.v.element.tag == GUMBO_TAG_SCRIPT || node.v.element.tag == GUMBO_TAG_STYLE ||
        node.v.element.tag == GUMBO_TAG_HEAD) {
      return;
    }
    name = gumbo_normalized_tagname(node.v.element.tag);
  }
  const bool block = kBlockElements.count(name) > 0;
  auto newline = [&out] {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out.push_back('\n');
  };
  if (block) newline();
  if (name == "li") out += "・";
  for (unsigned i = 0; i < children->length; ++i)
    TextOf(*static_cast<GumboNode*>(children->data[i]), out);
  if (block) newline();
  if (name == "p" || name == "br") {
    // a paragraph ends with a blank line, like a plain-text mail would
    if (name == "p") out.push_back('\n');
  }
}

}  // namespace

SanitizedHtml SanitizeHtml(std::string_view html, const SanitizeOptions& options) {
  GumboOutput* parsed = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  Walker walker{options, {}};
  walker.Node(*parsed->root);
  gumbo_destroy_output(&kGumboDefaultOptions, parsed);
  return std::move(walker.result);
}

std::string HtmlToText(std::string_view html) {
  GumboOutput* parsed = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string out;
  TextOf(*parsed->root, out);
  gumbo_destroy_output(&kGumboDefaultOptions, parsed);
  // Collapse three or more line breaks into two and trim.
  std::string collapsed;
  int newlines = 0;
  for (char c : out) {
    newlines = c == '\n' ? newlines + 1 : 0;
    if (newlines <= 2) collapsed.push_back(c);
  }
  const auto b = collapsed.find_first_not_of(" \n");
  const auto e = collapsed.find_last_not_of(" \n");
  return b == std::string::npos ? "" : collapsed.substr(b, e - b + 1);
}

}  // namespace shopdesk::channels::email
