#pragma once

#include <string>
#include <string_view>

namespace shopdesk {

enum class HtmlContext { kText, kAttribute };

// Appends `text` escaped for HTML: & < > always; " and ' too in an attribute value
// (double- or single-quoted). Bytes pass through otherwise (UTF-8 stays UTF-8).
void AppendHtmlEscaped(std::string& out, std::string_view text, HtmlContext context);

}  // namespace shopdesk
