#include "http/server/cookies.h"

namespace shopdesk::http {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool OverTls(const Request& request) {
  return EqualsIgnoreCase(Trim(request.Header("x-forwarded-proto")), "https");
}

}  // namespace

std::optional<std::string> CookieValue(const Request& request, std::string_view name) {
  std::string_view header = request.Header("cookie");
  while (!header.empty()) {
    const auto end = header.find(';');
    std::string_view pair = Trim(header.substr(0, end));
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (Trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

std::string SessionCookie(const Request& request, std::string_view token,
                          long long max_age_seconds) {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(token) +
                       "; Path=/; Max-Age=" + std::to_string(max_age_seconds) +
                       "; HttpOnly; SameSite=Lax";
  if (OverTls(request)) cookie += "; Secure";
  return cookie;
}

std::string ExpiredSessionCookie(const Request& request) { return SessionCookie(request, "", 0); }

}  // namespace shopdesk::http
