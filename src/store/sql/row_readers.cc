// What several SQL repositories share (row_readers.h).
#include "store/sql/row_readers.h"

#include <charconv>
#include <sstream>

namespace shopdesk::store::sql {

const char* const kAgentColumns =
    "a.shop_id, a.id, a.email, a.name, a.role, a.created_at, a.disabled_at";

Agent ReadAgent(const Statement& s) {
  Agent a;
  a.shop_id = s.Int(0);
  a.id = s.Int(1);
  a.email = s.Text(2);
  a.name = s.Text(3);
  a.role = ParseRole(s.Text(4)).value_or(Role::kViewer);
  a.created_at = s.Int(5);
  a.disabled_at = s.Int(6);
  return a;
}

std::vector<std::string> SplitNonEmpty(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, separator)) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

std::string PaddedInList(size_t n, size_t* slots) {
  *slots = 1;
  while (*slots < n) *slots *= 2;
  std::string list;
  for (size_t i = 0; i < *slots; ++i) list += i ? ",?" : "?";
  return list;
}

std::string JoinParts(const std::vector<std::string>& parts, char separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::int64_t ToInt(std::string_view text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace shopdesk::store::sql
