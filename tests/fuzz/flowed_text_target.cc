// RFC 3676 format=flowed text (DelSp=yes as Japanese mailers send it, and no).

#include <algorithm>
#include <string>

#include "channels/email/flowed_text.h"
#include "fuzz_check.h"
#include "invariants.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

// `s` without quote marks, spaces and line ends: what unflowing may not change.
std::string Content(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '>' && c != ' ' && c != '\r' && c != '\n') out.push_back(c);
  }
  return out;
}

// No line is flowed (ends in a space), quoted or space-stuffed, and there are no CRs.
bool IsFixedText(std::string_view s) {
  if (s.find('\r') != std::string_view::npos) return false;
  for (size_t pos = 0; pos <= s.size();) {
    const size_t end = std::min(s.find('\n', pos), s.size());
    const std::string_view line = s.substr(pos, end - pos);
    if (!line.empty() && (line.back() == ' ' || line.front() == '>' || line.front() == ' ')) {
      return false;
    }
    pos = end + 1;
  }
  return true;
}

}  // namespace

void FuzzFlowedText(std::string_view data) {
  for (bool delsp : {false, true}) {
    const std::string text = channels::email::UnflowText(data, delsp);
    // Lines are joined and quote marks rewritten, but no other character is lost or
    // invented, and UTF-8 stays UTF-8.
    FUZZ_CHECK(Content(text) == Content(data));
    if (IsWellFormedUtf8(data)) FUZZ_CHECK(IsWellFormedUtf8(text));
    // Text that flows nowhere comes back unchanged.
    if (IsFixedText(data)) FUZZ_CHECK(text == data);
  }
}

}  // namespace shopdesk::fuzz
