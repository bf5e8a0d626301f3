#pragma once

// The JSON body of an error, as every error answer of the API carries it (and a
// connection check's or a mail's failure within another answer):
//   {"error":{"code":"<ErrorCodeName, e.g. not_found>",
//             "reason":"<the failure's stable name, e.g. login.wrong_password; the code
//                       when the error names none>",
//             "params":{"<name>":"<value as a string>", ...},
//             "message":"<in English, for people>"}}
// A UI renders reason and params in the seller's language and falls back to the code.

#include <nlohmann/json_fwd.hpp>
#include <string_view>

#include "core/error.h"

namespace shopdesk::views {

// The error body for `error`. Internal and corrupt errors are logged (spdlog error)
// with their message and answered with a generic one, so no internals reach clients.
// Thread-safe.
nlohmann::json ErrorBody(const Error& error);

// The error body for a protocol-level failure no ErrorCode stands for, e.g.
// ("method_not_allowed", "...") with 405. `message` is sent as is.
nlohmann::json ErrorBody(std::string_view code, std::string_view message);

}  // namespace shopdesk::views
