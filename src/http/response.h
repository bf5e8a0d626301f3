#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"

namespace shopdesk::http {

// An HTTP response as handlers build it. Security headers common to every response
// (nosniff, CSP, frame-ancestors, referrer policy) are added by the server.
struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  static Response Json(int status, const nlohmann::json& body);
  // A body that is already serialized JSON (see JsonWriter).
  static Response JsonText(int status, std::string json);
  // {"error":{"code","message"}} with the status error_mapping assigns to the code.
  static Response FromError(const Error& error);
  static Response Text(int status, std::string text,
                       std::string content_type = "text/plain; charset=utf-8");
  // A download: Content-Disposition attachment with an ASCII fallback name and the
  // UTF-8 name as filename* (RFC 6266 / RFC 5987); never rendered inline.
  static Response Download(std::string content_type, std::string bytes,
                           const std::string& filename);
};

// The Content-Disposition value for a download named `filename` (any UTF-8).
std::string AttachmentDisposition(const std::string& filename);

}  // namespace shopdesk::http
