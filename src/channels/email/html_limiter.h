#pragma once

#include <string>
#include <string_view>

namespace shopdesk::channels::email {

struct LimitedHtml {
  std::string html;
  int dropped_tags = 0;  // start and matching end tags removed to stay within the limits
};

// Keeps hostile HTML from exhausting memory in gumbo before it is parsed: gumbo's
// memory grows with the square of the nesting depth (20,000 nested <div>s, 100 KB of
// mail, take 3 GB) and with unclosed formatting elements that every new block clones
// (<b a=1>...<b a=200> then many <p>s). This pass scans the tags roughly, as the
// tokenizer would (comments, quoted attributes and raw-text elements such as <script>
// are skipped over), and deletes start tags, with their end tags, once
//   - more than kMaxOpenElements elements are open (void and optional-end elements
//     such as <br>, <p>, <li>, <td> are not counted),
//   - more than kMaxOpenFormatting formatting elements (<b>, <font>, <a>, ...) are open,
//   - or more than kMaxTags tags were kept.
// The text stays; only markup beyond the limits is lost. Counting is conservative
// (an implied end tag is not noticed), so it may drop more than needed, never less.
// Thread-safe.
inline constexpr int kMaxOpenElements = 400;
inline constexpr int kMaxOpenFormatting = 6;
inline constexpr int kMaxTags = 20000;
LimitedHtml LimitHtmlForParsing(std::string_view html);

}  // namespace shopdesk::channels::email
