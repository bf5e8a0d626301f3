#include "http/response.h"

#include <nlohmann/json.hpp>

#include "http/error_mapping.h"

namespace shopdesk::http {

Response Response::Json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  // Replace invalid UTF-8 rather than throw: stored text is UTF-8, this is a last guard.
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::JsonText(int status, std::string json) {
  Response r;
  r.status = status;
  r.body = std::move(json);
  return r;
}

Response Response::FromError(const Error& error) {
  return Json(HttpStatusFor(error.code), ErrorBody(error));
}

Response Response::Text(int status, std::string text, std::string content_type) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(text);
  return r;
}

std::string AttachmentDisposition(const std::string& filename) {
  std::string ascii, encoded;
  for (unsigned char c : filename) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '-' || c == '_';
    ascii.push_back(plain || c == ' ' ? static_cast<char>(c) : '_');
    if (plain) {
      encoded.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      encoded += buf;
    }
  }
  if (ascii.empty()) ascii = "download";
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

Response Response::Download(std::string content_type, std::string bytes,
                            const std::string& filename) {
  Response r;
  r.status = 200;
  // Types a browser would render or run are served as opaque bytes.
  const bool risky = content_type.find("html") != std::string::npos ||
                     content_type.find("xml") != std::string::npos ||
                     content_type.find("javascript") != std::string::npos ||
                     content_type.find('\r') != std::string::npos ||
                     content_type.find('\n') != std::string::npos || content_type.empty();
  r.content_type = risky ? "application/octet-stream" : std::move(content_type);
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", AttachmentDisposition(filename));
  return r;
}

}  // namespace shopdesk::http
