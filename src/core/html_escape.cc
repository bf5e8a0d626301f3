#include "core/html_escape.h"

namespace shopdesk {

void AppendHtmlEscaped(std::string& out, std::string_view text, HtmlContext context) {
  const bool attribute = context == HtmlContext::kAttribute;
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
        out += attribute ? "&quot;" : "\"";
        break;
      case '\'':
        out += attribute ? "&#39;" : "'";
        break;
      default:
        out.push_back(c);
    }
  }
}

}  // namespace shopdesk
