#pragma once

// The response handlers build. No Beast types here, so handler files compile fast.
//
// Added by the server to every response (http/server/server.h), unless noted:
//   Server: shopdesk, Content-Length, X-Content-Type-Options: nosniff (always),
//   X-Frame-Options: DENY, Referrer-Policy: no-referrer,
//   Cache-Control: no-store and Content-Security-Policy: default-src 'none'; ... --
//   these two only when the handler did not set them (a static UI sets its own).
// Header fields with an invalid name or a value containing CR, LF or NUL are dropped
// by the server (and logged), never sent.

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace shopdesk::http {

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  // Extra header fields, sent in order. The server `set`s them, so a later entry with
  // the same name replaces an earlier one (except Set-Cookie, which may repeat).
  std::vector<std::pair<std::string, std::string>> headers;

  // Replaces every field named `name` (any case) with one `name: value`.
  void SetHeader(std::string_view name, std::string value);
  // The last value of `name` (any case; the one the server would send), or nullptr.
  const std::string* FindHeader(std::string_view name) const;

  // `body` serialized compactly. Invalid UTF-8 in strings becomes U+FFFD instead of
  // throwing (stored text is UTF-8; this is the last guard).
  static Response Json(int status, const nlohmann::json& body);
  // A body that is already serialized JSON (see JsonWriter), sent as is.
  static Response JsonText(int status, std::string json);
  // {"error":{"code":"not_found","message":"..."}} with the status error_mapping.h
  // assigns to error.code (internal errors are logged and answered generically).
  // 401 answers carry `WWW-Authenticate: Bearer`.
  static Response Error(const shopdesk::Error& error);
  // The same as Error(); the older name, kept for existing handlers.
  static Response FromError(const shopdesk::Error& error) { return Error(error); }
  // An error answer with a status no ErrorCode maps to (405, 431, ...):
  // {"error":{"code": code, "message": message}}.
  static Response ErrorWithStatus(int status, std::string_view code, std::string_view message);
  static Response Text(int status, std::string text,
                       std::string content_type = "text/plain; charset=utf-8");
  // 204, empty body, no Content-Type.
  static Response NoContent();
  // A download that a browser saves and never renders: Content-Disposition: attachment
  // (see AttachmentDisposition) and X-Content-Type-Options: nosniff. A content type a
  // browser could render or run (HTML, XML/SVG, JavaScript, XSL), an empty or
  // malformed one, becomes application/octet-stream (so do multipart types and every
  // script type, text/jscript and text/vbscript included).
  static Response Bytes(std::string content_type, std::string bytes,
                        std::string_view download_filename);
  // The same as Bytes(); the older name, kept for existing handlers.
  static Response Download(std::string content_type, std::string bytes, std::string_view filename) {
    return Bytes(std::move(content_type), std::move(bytes), filename);
  }
};

// The Content-Disposition value for saving `filename` (any bytes, ideally UTF-8):
//   attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded UTF-8>
// (RFC 6266, RFC 5987/8187). The name is first made safe: path separators, control
// characters (CR, LF, ...), bidi controls and invalid UTF-8 become '_', leading and
// trailing dots and spaces are trimmed, a name over 180 bytes is shortened keeping its
// extension, and an empty one becomes "download". The ASCII fallback also replaces
// '"', '\\', '%' and ';' by '_' and every run of non-ASCII characters by one '_';
// when no ASCII letter or digit is left before the extension it is "download.<ext>"
// (e.g. "download.pdf" for "見積書.pdf"). The result never contains CR, LF, '/' or
// an unescaped quote.
std::string AttachmentDisposition(std::string_view filename);

}  // namespace shopdesk::http
