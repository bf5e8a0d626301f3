#pragma once

#include <nlohmann/json_fwd.hpp>

#include "core/error.h"

namespace shopdesk::http {

// The one place that maps an ErrorCode to an HTTP status:
// invalid_argument 400, unauthenticated 401, permission_denied 403, not_found 404,
// conflict 409, too_large 413, unavailable 503, corrupt and internal 500.
int HttpStatusFor(ErrorCode code);

// {"error":{"code":"not_found","message":"..."}}. Internal errors are logged and
// answered with a generic message, so no internals leak to clients.
nlohmann::json ErrorBody(const Error& error);

}  // namespace shopdesk::http
