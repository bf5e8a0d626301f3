#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/request.h"
#include "http/response.h"

namespace shopdesk::http {

struct ServerOptions {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; port 0 picks a free one
  int threads = 0;                        // 0: one per core
  std::size_t max_body_bytes = 1024 * 1024;
  // A larger limit for routes that take raw uploads (e.g. ingesting a mail).
  std::size_t max_upload_bytes = 64ull * 1024 * 1024;
  std::function<bool(const std::string& method, const std::string& path)> is_upload;
  int read_timeout_seconds = 30;
};

// An HTTP/1.1 server on Boost.Beast: keep-alive, requests of one connection answered
// in order, a body limit (413 JSON without reading the rest), 400 for malformed
// requests, security headers on every response, request metrics. Handlers run on the
// server's threads and may block (database calls).
class Server {
 public:
  using Handler = std::function<Response(Request&)>;
  Server(ServerOptions options, Handler handler);
  ~Server();

  // Binds the listening socket. Unavailable (address in use, bad address) or
  // InvalidArgument for a malformed HOST:PORT.
  Status Bind();
  // The bound port (after Bind).
  int port() const;
  // Serves until Stop(). REQUIRES: Bind() succeeded.
  void Run();
  // Thread-safe, also from a signal-handling thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shopdesk::http
