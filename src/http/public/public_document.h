#pragma once

// The HTML document around every public page: language, title, description,
// canonical link, the shop's name as the heading, and a small inline style sheet.
// Text given here is escaped; `body_html` is the page's own, already safe, markup.

#include <string>
#include <string_view>

#include "core/error.h"
#include "core/shop.h"

namespace shopdesk::http::public_site {

enum class PageLanguage { kJapanese, kEnglish };

struct PublicPage {
  std::string title;        // plain text; " | <shop name>" is added
  std::string description;  // plain text, for <meta name="description">
  std::string body_html;    // escaped markup, placed in <main>
};

// `canonical_path` is the page's own path, e.g. "/s/sakura-zakka/".
std::string RenderDocument(const Shop& shop, const PublicPage& page, PageLanguage language,
                           std::string_view canonical_path);

// A page for an error: what happened and what the reader can do, in `language`
// (not found, too many requests, or a fault of ours; never the error's message).
std::string RenderErrorDocument(ErrorCode code, PageLanguage language);

// Appends `text` HTML-escaped (for text and double-quoted attributes).
void AppendText(std::string& out, std::string_view text);

}  // namespace shopdesk::http::public_site
