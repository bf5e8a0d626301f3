#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shopdesk {

// What went wrong, coarse enough to map onto an HTTP status or an exit code
// (http/server/error_mapping.cc and cli/ do that mapping; nothing else should).
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

struct Error;
// The reason and params of `error` as one text, for storing beside its message: ""
// when it names no reason, else the reason, then per param a line break and
// key=value (backslashes and line breaks in a value escaped as \\ and \n).
// UnpackReason reads it back into `error` (leaving it alone for "").
std::string PackReason(const Error& error);
void UnpackReason(std::string_view packed, Error& error);

// An error with a message a person can act on ("channel 'support' has no SMTP URL;
// set it with `shopdesk channel add --smtp-url ...`"), not a stack of internals.
//
// `reason` names this particular failure for a seller's UI ("login.wrong_password",
// "not_found"), a stable key the UI turns into a sentence in the seller's language with
// `params` (values as strings; times as ISO 8601, so the UI shows them in the shop's time
// zone). Empty when only `code` describes it: the UI then says what the code means.
// `message` stays the English text for logs, the CLI and API clients.
struct Error {
  using Params = std::vector<std::pair<std::string, std::string>>;

  Error() = default;
  Error(ErrorCode error_code, std::string error_message)
      : code(error_code), message(std::move(error_message)) {}

  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string reason;
  Params params;

  // This error with a reason and its parameters (replacing any it had).
  Error WithReason(std::string new_reason, Params new_params = {}) && {
    reason = std::move(new_reason);
    params = std::move(new_params);
    return std::move(*this);
  }

  static Error InvalidArgument(std::string message) {
    return {ErrorCode::kInvalidArgument, std::move(message)};
  }
  // Reason "not_found" with params {what, key}: `what` is a lower-case English noun
  // ("conversation", "saved reply"), which the UI names in the seller's language.
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
