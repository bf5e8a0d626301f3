#include "core/subject_normalizer.h"

#include <array>

#include "core/text_normalize.h"

namespace shopdesk {
namespace {

// Prefixes after NFKC and case folding (so "ＲＥ" and "Re" both arrive as "re").
constexpr std::array<std::string_view, 11> kPrefixes{"re", "fwd",  "fw",   "aw",   "wg",  "sv",
                                                     "vs", "返信", "転送", "回复", "転載"};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  return s;
}

// If `s` starts with a reply/forward prefix (with an optional counter such as [2],
// (2) or ^2, then ':'), returns the rest; otherwise returns `s` unchanged.
std::string_view StripOnePrefix(std::string_view s) {
  for (std::string_view prefix : kPrefixes) {
    if (s.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = s.substr(prefix.size());
    // Optional counter: [n], (n) or ^n.
    if (!rest.empty() && (rest.front() == '[' || rest.front() == '(')) {
      const char close = rest.front() == '[' ? ']' : ')';
      size_t i = 1;
      while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
      if (i > 1 && i < rest.size() && rest[i] == close) rest = rest.substr(i + 1);
    } else if (!rest.empty() && rest.front() == '^') {
      size_t i = 1;
      while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i;
      if (i > 1) rest = rest.substr(i);
    }
    rest = TrimLeft(rest);
    if (!rest.empty() && rest.front() == ':') return TrimLeft(rest.substr(1));
  }
  return s;
}

}  // namespace

std::string NormalizeSubject(std::string_view subject) {
  const std::string folded = FoldForMatching(subject);
  std::string_view rest = TrimLeft(folded);
  for (;;) {
    std::string_view next = StripOnePrefix(rest);
    if (next.size() == rest.size()) break;
    rest = next;
  }
  std::string out;
  out.reserve(rest.size());
  bool pending_space = false;
  for (char c : rest) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace shopdesk
