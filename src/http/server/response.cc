#include "http/server/response.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "http/server/error_mapping.h"
#include "http/server/request.h"
#include "views/error_json.h"

namespace shopdesk::http {
namespace {

constexpr std::size_t kMaxFilenameBytes = 180;

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Length of the valid UTF-8 sequence at text[i] (1-4), or 0 when it is not valid
// (overlong forms, surrogates and values over U+10FFFF are invalid).
std::size_t Utf8Length(std::string_view text, std::size_t i, char32_t* code_point) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = byte(0);
  const std::size_t n = c < 0x80           ? 1
                        : (c >> 5) == 0x6  ? 2
                        : (c >> 4) == 0xE  ? 3
                        : (c >> 3) == 0x1E ? 4
                                           : 0;
  if (n == 0 || i + n > text.size()) return 0;
  char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(k) & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  *code_point = cp;
  return n;
}

// Characters that must not reach a saved file name: controls, path separators, and
// the bidi controls used to disguise an extension ("gpj.exe" shown as "exe.jpg").
bool Unsafe(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == '/' || cp == '\\' ||
         cp == 0x200E || cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == '.' || s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

// Cuts `name` to at most `max` bytes on a UTF-8 boundary, keeping a short extension.
std::string Shorten(const std::string& name, std::size_t max) {
  if (name.size() <= max) return name;
  const auto dot = name.rfind('.');
  const std::string ext =
      dot != std::string::npos && name.size() - dot <= 16 ? name.substr(dot) : std::string();
  std::size_t cut = max - ext.size();
  while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
  return name.substr(0, cut) + ext;
}

std::string SafeFilename(std::string_view filename) {
  std::string out;
  out.reserve(filename.size());
  for (std::size_t i = 0; i < filename.size();) {
    char32_t cp = 0;
    const std::size_t n = Utf8Length(filename, i, &cp);
    if (n == 0 || Unsafe(cp)) {
      out.push_back('_');
      i += n == 0 ? 1 : n;
    } else {
      out.append(filename.substr(i, n));
      i += n;
    }
  }
  const std::string trimmed(Trim(out));
  if (trimmed.empty()) return "download";
  return Shorten(trimmed, kMaxFilenameBytes);
}

std::string AsciiFallback(const std::string& safe) {
  std::string out;
  bool in_non_ascii = false;
  for (unsigned char c : safe) {
    if (c >= 0x80) {
      if (!in_non_ascii) out.push_back('_');
      in_non_ascii = true;
      continue;
    }
    in_non_ascii = false;
    out.push_back(c == '"' || c == '\\' || c == '%' || c == ';' ? '_' : static_cast<char>(c));
  }
  // An extension is a dot and 1-10 ASCII letters or digits at the end.
  const auto dot = out.rfind('.');
  bool has_ext = dot != std::string::npos && out.size() - dot >= 2 && out.size() - dot <= 11;
  for (std::size_t i = dot + 1; has_ext && i < out.size(); ++i) {
    has_ext = IsAsciiAlnum(static_cast<unsigned char>(out[i]));
  }
  const std::string stem = has_ext ? out.substr(0, dot) : out;
  for (unsigned char c : stem) {
    if (IsAsciiAlnum(c)) return out;
  }
  return "download" + (has_ext ? out.substr(dot) : std::string());
}

// RFC 5987 attr-char is kept, everything else is %XX.
std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  static constexpr std::string_view kAttrPunct = "!#$&+-.^_`|~";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (IsAsciiAlnum(c) || kAttrPunct.find(static_cast<char>(c)) != std::string_view::npos) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

// A content type safe to send with a download: printable ASCII, type/subtype made of
// token characters, and nothing a browser would render as a document or run.
bool SafeDownloadType(std::string_view type) {
  if (type.empty()) return false;
  for (unsigned char c : type) {
    if (c < 0x20 || c >= 0x7F) return false;
  }
  std::string media(type.substr(0, type.find(';')));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto slash = media.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == media.size()) return false;
  static constexpr std::string_view kTokenPunct = "!#$%&'*+-.^_`|~";
  for (std::size_t i = 0; i < media.size(); ++i) {
    const auto c = static_cast<unsigned char>(media[i]);
    if (i != slash && !IsAsciiAlnum(c) &&
        kTokenPunct.find(static_cast<char>(c)) == std::string_view::npos) {
      return false;
    }
  }
  // Anything a browser renders as a document or runs. "script" rather than
  // "javascript": text/jscript, text/livescript and text/vbscript are script types too
  // (WHATWG MIME Sniffing lists the JavaScript ones), and with nosniff a page that
  // embeds a download by <script src> runs exactly those; application/postscript is
  // caught as well, harmlessly (it is saved either way). multipart/x-mixed-replace
  // has been rendered part by part as HTML.
  for (std::string_view risky :
       {"html", "xml", "script", "svg", "xsl", "multipart/", "x-shockwave-flash", "futuresplash",
        "x-component", "cache-manifest"}) {
    if (media.find(risky) != std::string::npos) return false;
  }
  return true;
}

}  // namespace

void Response::SetHeader(std::string_view name, std::string value) {
  std::erase_if(headers, [&](const auto& field) { return EqualsIgnoreCase(field.first, name); });
  headers.emplace_back(std::string(name), std::move(value));
}

const std::string* Response::FindHeader(std::string_view name) const {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (EqualsIgnoreCase(it->first, name)) return &it->second;
  }
  return nullptr;
}

Response Response::Json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::JsonText(int status, std::string json) {
  Response r;
  r.status = status;
  r.body = std::move(json);
  return r;
}

Response Response::Error(const shopdesk::Error& error) {
  Response r = Json(HttpStatusFor(error.code), views::ErrorBody(error));
  if (error.code == ErrorCode::kUnauthenticated) r.SetHeader("WWW-Authenticate", "Bearer");
  return r;
}

Response Response::ErrorWithStatus(int status, std::string_view code, std::string_view message) {
  return Json(status, views::ErrorBody(code, message));
}

Response Response::Text(int status, std::string text, std::string content_type) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(text);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

std::string AttachmentDisposition(std::string_view filename) {
  const std::string safe = SafeFilename(filename);
  return "attachment; filename=\"" + AsciiFallback(safe) + "\"; filename*=UTF-8''" +
         PercentEncode(safe);
}

Response Response::Bytes(std::string content_type, std::string bytes,
                         std::string_view download_filename) {
  Response r;
  r.status = 200;
  r.content_type =
      SafeDownloadType(content_type) ? std::move(content_type) : "application/octet-stream";
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", AttachmentDisposition(download_filename));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  return r;
}

}  // namespace shopdesk::http
