#include "store/sql/conversation_cursor.h"

#include <charconv>
#include <string_view>

namespace shopdesk::store::sql {
namespace {

// A whole decimal integer (optional '-'), nothing before or after it.
std::optional<std::int64_t> ParseInt(std::string_view text) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

}  // namespace

std::string FormatConversationCursor(std::optional<std::int64_t> key, std::int64_t id,
                                     bool failed) {
  return (failed ? "f" : "") + (key ? std::to_string(*key) : "n") + "." + std::to_string(id);
}

Result<std::optional<ConversationCursor>> ParseConversationCursor(const std::string& text,
                                                                  bool allow_no_key) {
  if (text.empty()) return std::optional<ConversationCursor>();
  auto bad = [&] {
    return Error::InvalidArgument("cursor '" + text.substr(0, 64) +
                                  "' is not one this server issued for this sort order");
  };
  const auto dot = text.find('.');
  if (dot == std::string::npos) return bad();
  std::string_view key(text.data(), dot);
  ConversationCursor cursor;
  if (key.starts_with('f')) {
    if (!allow_no_key) return bad();
    cursor.failed = true;
    key.remove_prefix(1);
    if (key == "n") return bad();
  }
  if (key != "n") {
    cursor.key = ParseInt(key);
    if (!cursor.key) return bad();
  } else if (!allow_no_key) {
    return bad();
  }
  const auto id = ParseInt(std::string_view(text).substr(dot + 1));
  if (!id || *id <= 0) return bad();
  cursor.id = *id;
  return std::optional<ConversationCursor>(cursor);
}

}  // namespace shopdesk::store::sql
