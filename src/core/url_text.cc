#include "core/url_text.h"

namespace shopdesk {

std::string WithoutUserinfo(const std::string& url) {
  const auto start = url.find("://");
  if (start == std::string::npos) return url;
  const auto end = url.find_first_of("/?#", start + 3);
  const auto at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < start + 3) return url;
  return url.substr(0, start + 3) + url.substr(at + 1);
}

}  // namespace shopdesk
