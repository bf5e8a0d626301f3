#pragma once

#include <string>
#include <string_view>

namespace shopdesk::channels::email {

// Readable plain text from HTML, for agents, search and quoting: block elements and
// <br> become line breaks (paragraphs and headings end with a blank line), list items
// start with "・" (numbered "1. " in <ol>, nested lists indented), table cells are
// separated by a space and rows by a line break, <hr> becomes a line of dashes,
// <blockquote> lines get "> ", <pre> keeps its whitespace, script/style/head/title and
// comments are dropped, entities are decoded, other whitespace (incl. NBSP) collapses
// to one space, and runs of blank lines collapse to one. Line ends are "\n"; the result
// is trimmed UTF-8 (bytes that are not UTF-8 become U+FFFD). Hostile nesting is bounded first
// (html_limiter.h). Thread-safe.
std::string HtmlToText(std::string_view html);

}  // namespace shopdesk::channels::email
