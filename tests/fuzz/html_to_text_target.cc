// HtmlToText: the plain text agents, search and quoting see of an HTML-only mail.

#include <string>

#include "channels/email/html_to_text.h"
#include "fuzz_check.h"
#include "invariants.h"
#include "targets.h"

namespace shopdesk::fuzz {

void FuzzHtmlToText(std::string_view data) {
  const std::string text = channels::email::HtmlToText(data);
  FUZZ_CHECK(IsWellFormedUtf8(text));
  FUZZ_CHECK(text.find('\r') == std::string::npos);      // line ends are "\n"
  FUZZ_CHECK(text.find("\n\n\n") == std::string::npos);  // blank lines collapse to one
  FUZZ_CHECK(text.empty() || (text.front() != ' ' && text.front() != '\n'));  // trimmed
  FUZZ_CHECK(text.empty() || (text.back() != ' ' && text.back() != '\n'));
  FUZZ_CHECK(text.find('\0') == std::string::npos);
  FUZZ_CHECK(channels::email::HtmlToText(data) == text);
}

}  // namespace shopdesk::fuzz
