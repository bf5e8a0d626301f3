#include "core/shop.h"

namespace shopdesk {

bool IsValidSlug(const std::string& slug) {
  if (slug.empty() || slug.size() > 64 || slug.front() == '-') return false;
  for (char c : slug) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace shopdesk
