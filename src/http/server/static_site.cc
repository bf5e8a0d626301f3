#include "http/server/static_site.h"

#include <spdlog/spdlog.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include "core/digest.h"

namespace shopdesk::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kNoCache = "no-cache";

struct TypeInfo {
  std::string_view extension;
  std::string_view content_type;
  bool compressible;
};

constexpr TypeInfo kTypes[] = {
    {"html", "text/html; charset=utf-8", true},
    {"htm", "text/html; charset=utf-8", true},
    {"js", "text/javascript; charset=utf-8", true},
    {"mjs", "text/javascript; charset=utf-8", true},
    {"css", "text/css; charset=utf-8", true},
    {"svg", "image/svg+xml; charset=utf-8", true},
    {"json", "application/json; charset=utf-8", true},
    {"map", "application/json; charset=utf-8", true},
    {"webmanifest", "application/manifest+json; charset=utf-8", true},
    {"txt", "text/plain; charset=utf-8", true},
    {"png", "image/png", false},
    {"ico", "image/x-icon", false},
    {"jpg", "image/jpeg", false},
    {"jpeg", "image/jpeg", false},
    {"gif", "image/gif", false},
    {"webp", "image/webp", false},
    {"avif", "image/avif", false},
    {"woff2", "font/woff2", false},
    {"woff", "font/woff", false},
    {"wasm", "application/wasm", false},
};

const TypeInfo* TypeOf(std::string_view name) {
  const auto slash = name.rfind('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) return nullptr;
  const std::string_view ext = name.substr(dot + 1);
  for (const auto& type : kTypes) {
    if (EqualsIgnoreCase(type.extension, ext)) return &type;
  }
  return nullptr;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Calls `each` with every comma-separated element of a header value, trimmed.
template <typename Fn>
void ForEachElement(std::string_view value, Fn each) {
  while (!value.empty()) {
    const auto comma = value.find(',');
    const std::string_view item = Trim(value.substr(0, comma));
    if (!item.empty()) each(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

// True when an Accept-Encoding value allows gzip (RFC 9110 12.5.3): "gzip" or "x-gzip"
// with a q above 0, or else "*" with a q above 0.
bool AcceptsGzip(std::string_view accept_encoding) {
  std::optional<bool> gzip, star;
  ForEachElement(accept_encoding, [&](std::string_view item) {
    auto semicolon = item.find(';');
    const std::string_view coding = Trim(item.substr(0, semicolon));
    bool allowed = true;
    while (semicolon != std::string_view::npos && semicolon < item.size()) {
      item.remove_prefix(semicolon + 1);
      semicolon = item.find(';');
      const std::string_view param = Trim(item.substr(0, semicolon));
      if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        // qvalue = "0" ["." 0*3DIGIT] / "1" ...: zero exactly when only 0s and a dot.
        allowed = Trim(param.substr(2)).find_first_not_of("0.") != std::string_view::npos;
      }
    }
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip = gzip.value_or(false) || allowed;
    } else if (coding == "*") {
      star = allowed;
    }
  });
  if (gzip) return *gzip;
  return star.value_or(false);
}

// True when an If-None-Match value names `etag` (weak comparison, RFC 9110 13.1.2) or
// is "*".
bool NoneMatchHits(std::string_view if_none_match, std::string_view etag) {
  bool hit = false;
  if (Trim(if_none_match) == "*") return true;
  ForEachElement(if_none_match, [&](std::string_view tag) {
    if (tag.starts_with("W/")) tag.remove_prefix(2);
    if (tag == etag) hit = true;
  });
  return hit;
}

bool Reserved(std::string_view path) {
  for (std::string_view prefix : {"/api", "/healthz", "/metrics"}) {
    if (path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/')) {
      return true;
    }
  }
  return false;
}

// A path that could name something outside the directory, or that no file name has.
bool Suspicious(std::string_view path) {
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return true;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return true;
    start = end + 1;
  }
  return false;
}

void SetUiHeaders(Response& r) {
  r.SetHeader("Content-Security-Policy", std::string(kContentSecurityPolicy));
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Referrer-Policy", "no-referrer");
  r.SetHeader("X-Frame-Options", "DENY");
}

Response NotFound(std::string_view path) {
  Response r = Response::Error(Error::NotFound("file", std::string(path.substr(0, 200))));
  r.SetHeader("X-Content-Type-Options", "nosniff");
  r.SetHeader("Referrer-Policy", "no-referrer");
  r.SetHeader("X-Frame-Options", "DENY");
  return r;
}

// `bytes` as one gzip member (RFC 1952) at the best compression; empty on failure.
std::string Gzip(std::string_view bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
    return {};
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return {};
  return out;
}

std::optional<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

std::string Kib(std::size_t bytes) { return std::to_string((bytes + 1023) / 1024) + " KiB"; }

}  // namespace

std::string StaticSite::ContentTypeFor(std::string_view name) {
  const TypeInfo* type = TypeOf(name);
  return type ? std::string(type->content_type) : "application/octet-stream";
}

StaticSite StaticSite::Load(const std::string& dir) {
  StaticSite site;
  const std::string not_built =
      "; / answers 503 until the UI is built (make build) and shopdesk "
      "is restarted; the API is served as usual";
  std::error_code ec;
  const fs::path root(dir);
  if (!fs::is_directory(root, ec)) {
    site.summary_ = "web UI: " + dir + " is not a directory" + not_built;
    return site;
  }
  std::size_t total = 0, compressed = 0;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    std::error_code status_ec;
    if (path.filename().string().starts_with(".")) {
      if (it->is_directory(status_ec)) it.disable_recursion_pending();
      continue;
    }
    if (!fs::is_regular_file(it->status(status_ec))) continue;  // follows links to files
    const std::string name = path.lexically_relative(root).generic_string();
    const auto size = fs::file_size(path, status_ec);
    if (status_ec || size > kMaxFileBytes || total + size > kMaxTotalBytes) {
      spdlog::warn("web UI: skipped {} ({})", path.string(),
                   status_ec ? status_ec.message() : "over the size limit");
      continue;
    }
    auto bytes = ReadFile(path);
    if (!bytes) {
      spdlog::warn("web UI: cannot read {}; skipped", path.string());
      continue;
    }
    File file;
    const TypeInfo* type = TypeOf(name);
    file.content_type = type ? std::string(type->content_type) : "application/octet-stream";
    file.immutable = name.starts_with("assets/");
    const std::string hash = Sha256Hex(*bytes).substr(0, 32);
    file.etag = "\"" + hash + "\"";
    if (type && type->compressible && bytes->size() >= kGzipMinBytes) {
      std::string gzip = Gzip(*bytes);
      // Worth a second copy only when clearly smaller.
      if (!gzip.empty() && gzip.size() < bytes->size() - bytes->size() / 20) {
        file.gzip = std::move(gzip);
        file.gzip_etag = "\"" + hash + "-gz\"";
        ++compressed;
      }
    }
    total += bytes->size();
    file.bytes = std::move(*bytes);
    site.files_.emplace(name, std::move(file));
  }
  if (ec) spdlog::warn("web UI: cannot list all of {}: {}", dir, ec.message());
  if (!site.available()) {
    site.summary_ = "web UI: " + dir + " has no index.html" + not_built;
  } else {
    site.summary_ = "web UI: serving " + std::to_string(site.files_.size()) + " files (" +
                    Kib(total) + ", " + std::to_string(compressed) + " with a gzip copy) from " +
                    dir;
  }
  return site;
}

std::optional<Response> StaticSite::Serve(const Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  const std::string& path = request.path;
  if (path.empty() || path.front() != '/' || Reserved(path)) return std::nullopt;
  if (Suspicious(path)) return NotFound(path);
  const std::string_view name =
      path == "/" ? std::string_view("index.html") : std::string_view(path).substr(1);
  if (auto found = files_.find(name); found != files_.end()) {
    return Answer(request, found->second);
  }
  if (path == "/assets" || path.starts_with("/assets/")) return NotFound(path);
  if (auto index = files_.find(std::string_view("index.html")); index != files_.end()) {
    return Answer(request, index->second);
  }
  return NotBuilt(request);
}

Response StaticSite::Answer(const Request& request, const File& file) const {
  const bool gzip = !file.gzip.empty() && AcceptsGzip(request.Header("accept-encoding"));
  const std::string& etag = gzip ? file.gzip_etag : file.etag;
  Response r;
  SetUiHeaders(r);
  r.SetHeader("Cache-Control", std::string(file.immutable ? kImmutable : kNoCache));
  r.SetHeader("ETag", etag);
  if (!file.gzip.empty()) r.SetHeader("Vary", "Accept-Encoding");
  if (const std::string* sent = request.headers.Find("if-none-match");
      sent && NoneMatchHits(*sent, etag)) {
    r.status = 304;
    r.content_type.clear();
    return r;
  }
  if (gzip) r.SetHeader("Content-Encoding", "gzip");
  r.status = 200;
  r.content_type = file.content_type;
  r.body = gzip ? file.gzip : file.bytes;
  return r;
}

Response StaticSite::NotBuilt(const Request& request) const {
  Response r;
  r.status = 503;
  SetUiHeaders(r);
  r.SetHeader("Cache-Control", "no-store");
  if (request.Header("accept").find("text/html") != std::string::npos) {
    r.content_type = "text/html; charset=utf-8";
    r.body =
        "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
        "<title>shopdesk: web UI not built</title></head><body>\n"
        "<h1>画面 (web UI) がビルドされていません</h1>\n"
        "<p>リポジトリで <code>make build</code> を実行し、shopdesk を再起動してください。"
        "API (/api/v1/…) はこのまま使えます。</p>\n"
        "<h1 lang=\"en\">The web UI is not built</h1>\n"
        "<p lang=\"en\">Run <code>make build</code> in the repository, then restart shopdesk. "
        "The API (/api/v1/…) keeps working.</p>\n</body></html>\n";
  } else {
    r.content_type = "text/plain; charset=utf-8";
    r.body =
        "画面 (web UI) がビルドされていません。リポジトリで make build を実行し、shopdesk "
        "を再起動してください。API (/api/v1/...) はこのまま使えます。\n"
        "The web UI is not built. Run `make build` in the repository, then restart shopdesk. "
        "The API (/api/v1/...) keeps working.\n";
  }
  return r;
}

}  // namespace shopdesk::http
