#include "core/inbox_view.h"

#include <set>
#include <string_view>

namespace shopdesk {
namespace {

constexpr size_t kMaxNameCharacters = 60;
constexpr size_t kMaxQueryBytes = 1000;

// Without leading and trailing spaces, tabs and ideographic spaces (U+3000).
std::string Trim(std::string_view s) {
  constexpr std::string_view kIdeographicSpace = "\u3000";
  for (bool changed = true; changed && !s.empty();) {
    changed = false;
    if (s.front() == ' ' || s.front() == '\t') s.remove_prefix(1), changed = true;
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1), changed = true;
    if (s.rfind(kIdeographicSpace, 0) == 0)
      s.remove_prefix(kIdeographicSpace.size()), changed = true;
    if (s.size() >= kIdeographicSpace.size() &&
        s.substr(s.size() - kIdeographicSpace.size()) == kIdeographicSpace) {
      s.remove_suffix(kIdeographicSpace.size());
      changed = true;
    }
  }
  return std::string(s);
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Whether `query` is key=value pairs joined by '&', each key one the inbox knows and
// each value well percent-encoded.
bool IsInboxQuery(std::string_view query) {
  static const std::set<std::string_view> kKeys = {"view",     "status", "channel",
                                                   "assignee", "tag",    "intent"};
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos || !kKeys.count(pair.substr(0, eq))) return false;
    const std::string_view value = pair.substr(eq + 1);
    for (size_t i = 0; i < value.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(value[i]);
      if (c == '%') {
        if (i + 2 >= value.size() || !IsHex(value[i + 1]) || !IsHex(value[i + 2])) return false;
        i += 2;
      } else if (c < 0x21 || c >= 0x7f || c == '#') {
        return false;
      }
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return true;
}

}  // namespace

Status NormalizeInboxView(InboxView& view) {
  view.name = Trim(view.name);
  if (view.name.empty() || Utf8Length(view.name) > kMaxNameCharacters) {
    return Error::InvalidArgument("a view's name is 1-60 characters")
        .WithReason("inbox_view.name", {{"max", std::to_string(kMaxNameCharacters)}});
  }
  if (!view.query.empty() && view.query.front() == '?') view.query.erase(0, 1);
  if (view.query.size() > kMaxQueryBytes || !IsInboxQuery(view.query)) {
    return Error::InvalidArgument(
               "a view's query is the inbox's filters: view, status, channel, assignee, tag "
               "and intent as key=value joined by '&', percent-encoded, at most 1000 bytes")
        .WithReason("inbox_view.query");
  }
  return Ok();
}

}  // namespace shopdesk
