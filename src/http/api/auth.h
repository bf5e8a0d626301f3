#pragma once

#include <string>

#include "core/result.h"
#include "http/server/request.h"

namespace shopdesk::http {

// The token of an "Authorization: Bearer <token>" header (RFC 6750; the scheme name
// in any case). Unauthenticated, with a message saying what to send, when the header
// is missing, uses another scheme, or the token is empty or has characters outside
// RFC 6750's b64token (A-Z a-z 0-9 - . _ ~ + / and trailing '='). Does not check the
// token itself. Response::Error turns the error into 401 with WWW-Authenticate.
Result<std::string> BearerToken(const Request& request);

}  // namespace shopdesk::http
