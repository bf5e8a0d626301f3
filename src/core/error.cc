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

std::string PackReason(const Error& error) {
  if (error.reason.empty()) return "";
  std::string out = error.reason;
  for (const auto& [key, value] : error.params) {
    out += '\n';
    out += key;
    out += '=';
    for (char c : value) {
      if (c == '\\') {
        out += "\\\\";
      } else if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
  }
  return out;
}

void UnpackReason(std::string_view packed, Error& error) {
  if (packed.empty()) return;
  error.params.clear();
  size_t line_end = packed.find('\n');
  error.reason = std::string(packed.substr(0, line_end));
  while (line_end != std::string_view::npos) {
    const size_t start = line_end + 1;
    line_end = packed.find('\n', start);
    const std::string_view line = packed.substr(
        start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string value;
    for (size_t i = eq + 1; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size()) {
        value += line[i + 1] == 'n' ? '\n' : line[i + 1];
        ++i;
      } else {
        value += line[i];
      }
    }
    error.params.emplace_back(std::string(line.substr(0, eq)), std::move(value));
  }
}

std::string Error::ToString() const { return std::string(ErrorCodeName(code)) + ": " + message; }

}  // namespace shopdesk
