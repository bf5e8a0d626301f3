#pragma once

// Request cookies (RFC 6265 section 5.4 "Cookie" header) and the session cookie.

#include <optional>
#include <string>
#include <string_view>

#include "http/server/request.h"

namespace shopdesk::http {

inline constexpr std::string_view kSessionCookie = "shopdesk_session";

// The value of cookie `name` in the request's Cookie header(s), nullopt when absent.
std::optional<std::string> CookieValue(const Request& request, std::string_view name);

// The Set-Cookie value that stores `token` for `max_age_seconds`: HttpOnly (scripts
// cannot read it), SameSite=Lax (not sent on cross-site POSTs), Path=/, and Secure when
// the request came over HTTPS (a TLS-terminating proxy says so in X-Forwarded-Proto).
std::string SessionCookie(const Request& request, std::string_view token,
                          long long max_age_seconds);
// The Set-Cookie value that removes the session cookie.
std::string ExpiredSessionCookie(const Request& request);

}  // namespace shopdesk::http
