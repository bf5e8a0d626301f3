#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shopdesk {

// What went wrong, coarse enough to map onto an HTTP status or an exit code
// (http/error_mapping.cc and cli/ do that mapping; nothing else should).
enum class ErrorCode {
  kInvalidArgument,   // the caller sent something malformed or out of range
  kNotFound,          // no such thing in this shop (also used to hide other shops' rows)
  kConflict,          // the request contradicts current state (illegal transition, duplicate)
  kTooLarge,          // a body or attachment over its configured limit
  kUnauthenticated,   // no or unknown credentials
  kPermissionDenied,  // known caller, not allowed
  kRateLimited,       // too many attempts (logins); the message says when to try again
  kUnavailable,       // a dependency (database, SMTP, IMAP) failed; retrying may help
  kCorrupt,           // stored data fails its own checks
  kInternal,          // a broken invariant; a bug
};

std::string_view ErrorCodeName(ErrorCode code);

// An error with a message a person can act on ("channel 'support' has no SMTP URL;
// set it with `shopdesk channel add --smtp-url ...`"), not a stack of internals.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;

  static Error InvalidArgument(std::string message) {
    return {ErrorCode::kInvalidArgument, std::move(message)};
  }
  static Error NotFound(std::string_view what, std::string_view key);
  static Error NotFound(std::string_view what, std::int64_t id);
  static Error Conflict(std::string message) { return {ErrorCode::kConflict, std::move(message)}; }
  static Error TooLarge(std::string message) { return {ErrorCode::kTooLarge, std::move(message)}; }
  static Error Unauthenticated(std::string message) {
    return {ErrorCode::kUnauthenticated, std::move(message)};
  }
  static Error PermissionDenied(std::string message) {
    return {ErrorCode::kPermissionDenied, std::move(message)};
  }
  static Error RateLimited(std::string message) {
    return {ErrorCode::kRateLimited, std::move(message)};
  }
  static Error Unavailable(std::string message) {
    return {ErrorCode::kUnavailable, std::move(message)};
  }
  static Error Corrupt(std::string message) { return {ErrorCode::kCorrupt, std::move(message)}; }
  static Error Internal(std::string message) { return {ErrorCode::kInternal, std::move(message)}; }

  // "<code name>: <message>", for logs and CLI output.
  std::string ToString() const;
};

}  // namespace shopdesk
