#include "http/api/auth.h"

#include <string_view>

namespace shopdesk::http {
namespace {

bool IsB64Token(std::string_view token) {
  while (!token.empty() && token.back() == '=') token.remove_suffix(1);
  if (token.empty()) return false;
  for (unsigned char c : token) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Result<std::string> BearerToken(const Request& request) {
  const std::string* header = request.headers.Find("authorization");
  if (!header) {
    return Error::Unauthenticated(
        "send an API token as 'Authorization: Bearer <token>' (create one with `shopdesk user "
        "add`)");
  }
  std::string_view value(*header);
  constexpr std::string_view kScheme = "bearer";
  if (value.size() < kScheme.size() ||
      !EqualsIgnoreCase(value.substr(0, kScheme.size()), kScheme) ||
      (value.size() > kScheme.size() && value[kScheme.size()] != ' ')) {
    return Error::Unauthenticated(
        "the Authorization header must be 'Bearer <token>' (other schemes are not accepted)");
  }
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) {
    return Error::Unauthenticated("the Authorization header has no token after 'Bearer'");
  }
  if (!IsB64Token(value)) {
    return Error::Unauthenticated(
        "the bearer token is malformed (it has spaces or characters a token never contains)");
  }
  return std::string(value);
}

}  // namespace shopdesk::http
