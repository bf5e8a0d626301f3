#include "core/email_address.h"

#include <algorithm>

namespace shopdesk {

bool IsPlainAddress(std::string_view a) {
  const auto at = a.rfind('@');
  if (a.size() > 254 || at == std::string_view::npos || at == 0 || at + 1 == a.size()) {
    return false;
  }
  return std::all_of(a.begin(), a.end(), [](unsigned char c) {
    return c > 0x20 && c < 0x7f &&
           std::string_view("<>()[],;:\"\\").find(static_cast<char>(c)) == std::string_view::npos;
  });
}

bool LooksLikeEmailAddress(std::string_view address) {
  if (address.empty() || address.size() > 254) return false;
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= address.size()) return false;
  if (address.find('@', at + 1) != std::string_view::npos) return false;
  for (unsigned char c : address) {
    if (c <= ' ' || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';') return false;
  }
  return true;
}

}  // namespace shopdesk
