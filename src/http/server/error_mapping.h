#pragma once

// The one place that maps an ErrorCode to an HTTP status; the body every error answer
// carries is views/error_json.h's.

#include "core/error.h"

namespace shopdesk::http {

// invalid_argument 400, unauthenticated 401, permission_denied 403, not_found 404,
// conflict 409, too_large 413, unavailable 503, corrupt 500, internal 500.
int HttpStatusFor(ErrorCode code);

}  // namespace shopdesk::http
