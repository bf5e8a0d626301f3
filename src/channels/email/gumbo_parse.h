#pragma once

#include <gumbo.h>

#include <memory_resource>
#include <string_view>

namespace shopdesk::channels::email {

// An HTML document parsed by gumbo, every allocation of the parse taken from one arena
// that is released at once with this object. Debian's gumbo 0.10.1 leaks the strings of
// some tokens it ignores (fuzzing found it: tests/fuzz/regressions/html_sanitizer/
// gumbo_leak_noscript_doctype); with the arena nothing of a parse outlives it.
// Memory: gumbo frees a buffer when it grows it, which the arena ignores, so a parse
// holds at most about twice what it uses; the input is bounded by LimitHtmlForParsing.
class ParsedHtml {
 public:
  explicit ParsedHtml(std::string_view html);
  ~ParsedHtml();
  ParsedHtml(const ParsedHtml&) = delete;
  ParsedHtml& operator=(const ParsedHtml&) = delete;

  const GumboNode& document() const { return *output_->document; }

 private:
  std::pmr::monotonic_buffer_resource arena_;
  GumboOptions options_;
  GumboOutput* output_;
};

}  // namespace shopdesk::channels::email
