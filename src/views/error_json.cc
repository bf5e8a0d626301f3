#include "views/error_json.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace shopdesk::views {

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

}  // namespace shopdesk::views
