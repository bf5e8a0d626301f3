#include "core/error.h"

namespace shopdesk {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "permission_denied";
    case ErrorCode::kRateLimited:
      return "rate_limited";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kCorrupt:
      return "corrupt";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error Error::NotFound(std::string_view what, std::string_view key) {
  return Error{ErrorCode::kNotFound, std::string(what) + " '" + std::string(key) + "' not found"}
      .WithReason("not_found", {{"what", std::string(what)}, {"key", std::string(key)}});
}

Error Error::NotFound(std::string_view what, std::int64_t id) {
  return Error{ErrorCode::kNotFound, std::string(what) + " " + std::to_string(id) + " not found"}
      .WithReason("not_found", {{"what", std::string(what)}, {"key", std::to_string(id)}});
}

std::string Error::ToString() const { return std::string(ErrorCodeName(code)) + ": " + message; }

}  // namespace shopdesk
