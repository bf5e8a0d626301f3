#pragma once

// The agent web UI (web/dist, built by Vite) served from memory:
//
//   StaticSite site = StaticSite::Load("/srv/shopdesk/web/dist");
//   spdlog::info("{}", site.Summary());
//   router.SetFallback([&site](Request& r) { return site.Serve(r); });
//
// Every file is read once at start-up, so a request never touches the disk and a
// rebuilt UI is served after a restart. Files whose name or directory starts with '.'
// (.vite/manifest.json, editor files) are not loaded.
//
// Answers (GET and HEAD only; the REST API, /healthz and /metrics are never answered):
//   - a loaded file by its path ("/" is index.html);
//   - under /assets/ (Vite's content-hashed names): Cache-Control: public,
//     max-age=31536000, immutable; an unknown name there is 404, never index.html;
//   - any other path without a file: index.html (client-side routes such as /inbox or
//     /conversations/12 reload fine); everything but /assets/ is Cache-Control: no-cache;
//   - a path with a "." or ".." segment, a backslash or a NUL byte: 404;
//   - strong ETag (a hash of the bytes sent); If-None-Match matching it: 304;
//   - a gzip copy, made at load time for text types over kGzipMinBytes, when the
//     request's Accept-Encoding allows gzip (Content-Encoding: gzip; Vary:
//     Accept-Encoding on both copies of such a file);
//   - the UI's Content-Security-Policy (kContentSecurityPolicy) and X-Content-Type-
//     Options, Referrer-Policy and X-Frame-Options on every answer.
// Without index.html (directory missing or not built) the client-side routes answer
// 503 with a short Japanese and English page saying to build the UI; the API is not
// affected.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/server/request.h"
#include "http/server/response.h"

namespace shopdesk::http {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob: https: http:; font-src 'self' data:; connect-src 'self'; "
    "frame-src 'self' blob: data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

// Immutable once loaded: Serve may be called from any number of threads at once.
class StaticSite {
 public:
  // Text files at least this large get a gzip copy (smaller ones gain little).
  static constexpr std::size_t kGzipMinBytes = 1024;
  // Files past these limits are skipped with a warning (a --web-dir pointing at the
  // wrong directory must not fill the memory).
  static constexpr std::size_t kMaxFileBytes = 64ull * 1024 * 1024;
  static constexpr std::size_t kMaxTotalBytes = 256ull * 1024 * 1024;

  // Reads every regular file under `dir` (recursively; symbolic links to files are
  // followed, links to directories are not). Never fails: a missing or unreadable
  // directory gives a site without index.html (see available()); a file that cannot be
  // read is skipped with a warning.
  static StaticSite Load(const std::string& dir);

  // True when index.html was loaded, i.e. the UI is served.
  bool available() const { return files_.count("index.html") > 0; }
  // One line for the start-up log: the directory and what was loaded, or that the UI
  // is not built there.
  const std::string& Summary() const { return summary_; }
  // Number of files loaded.
  std::size_t size() const { return files_.size(); }

  // The answer to `request`, or nullopt when the site does not answer it (a method
  // other than GET/HEAD, or a path under /api/, /healthz or /metrics): the caller then
  // answers as it would without a site (the router's 404).
  std::optional<Response> Serve(const Request& request) const;

  // The Content-Type for a file name by its extension ("app.js" -> "text/javascript;
  // charset=utf-8"); application/octet-stream for an unknown one.
  static std::string ContentTypeFor(std::string_view name);

 private:
  struct File {
    std::string bytes;
    std::string gzip;  // empty: no gzip copy
    std::string content_type;
    std::string etag;       // of `bytes`, quoted
    std::string gzip_etag;  // of `gzip`, quoted
    bool immutable = false;
  };

  StaticSite() = default;
  Response Answer(const Request& request, const File& file) const;
  Response NotBuilt(const Request& request) const;

  std::string summary_;
  // By path relative to the directory, '/'-separated, without a leading '/'.
  std::map<std::string, File, std::less<>> files_;
};

}  // namespace shopdesk::http
