#include "http/server/error_mapping.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace shopdesk::http {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kCorrupt:
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

nlohmann::json ErrorBody(const Error& error) {
  if (error.code == ErrorCode::kInternal || error.code == ErrorCode::kCorrupt) {
    spdlog::error("request failed: {}", error.ToString());
    return ErrorBody(ErrorCodeName(error.code), "an internal error occurred; it has been logged");
  }
  nlohmann::json body = ErrorBody(ErrorCodeName(error.code), error.message);
  auto& fields = body["error"];
  if (!error.reason.empty()) fields["reason"] = error.reason;
  for (const auto& [key, value] : error.params) fields["params"][key] = value;
  return body;
}

nlohmann::json ErrorBody(std::string_view code, std::string_view message) {
  return {{"error",
           {{"code", code},
            {"reason", code},
            {"params", nlohmann::json::object()},
            {"message", message}}}};
}

}  // namespace shopdesk::http
