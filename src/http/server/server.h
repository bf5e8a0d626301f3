#pragma once

// The HTTP/1.1 server (Boost.Beast, kept out of this header so users compile fast).
//
//   Router router;
//   RegisterApiRoutes(router, context);
//   ServerOptions options;
//   options.listen = "127.0.0.1:0";
//   Server server(options, router);
//   if (auto bound = server.Bind(); !bound) return Fail(bound.error());
//   std::thread stopper([&] { WaitForSignal(); server.Stop(); });
//   server.Run();   // returns after Stop()

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/server/request.h"
#include "http/server/response.h"
#include "http/server/websocket.h"

namespace shopdesk::http {

class Metrics;
class Router;

struct ServerOptions {
  // HOST:PORT (an IPv6 host in brackets: "[::1]:8080"); port 0 picks a free one,
  // see Server::port(). An empty host listens on every IPv4 address.
  std::string listen = "127.0.0.1:8080";
  // Threads running handlers and I/O; 0: std::thread::hardware_concurrency().
  int threads = 0;
  // Largest request body; a larger one is answered 413 too_large and the connection
  // closed, without reading the body into memory (Content-Length is checked before
  // reading; a chunked body is cut off at the limit).
  std::size_t max_body_bytes = 1024 * 1024;
  // The largest body of any route: a body is read under it until its route is known.
  std::size_t max_upload_bytes = 64ull * 1024 * 1024;
  // A route's own larger limit (raw mail uploads, replies with files), at most
  // max_upload_bytes; 0 for routes that keep max_body_bytes.
  std::function<std::size_t(const std::string& method, const std::string& path)> upload_limit;
  // Largest request line plus header fields; over it: 431, connection closed.
  std::size_t max_header_bytes = 32 * 1024;
  // Each of: waiting for the next request on a kept-alive connection, reading a
  // request's header, reading its body, writing a response. Over it the connection
  // is closed without an answer.
  std::chrono::milliseconds read_timeout = std::chrono::seconds(30);
  // Where request metrics go (see HttpMetrics); nullptr: Metrics::Global().
  Metrics* metrics = nullptr;
  // Answers WebSocket upgrade requests (any path); unset: they go to the handler
  // like any request. Runs on a server thread and may block (authentication).
  // Accepted connections ping an idle client and drop one that stops answering.
  std::function<WebSocketUpgrade(Request&)> websocket;
};

// An HTTP/1.1 server: keep-alive; the requests of one connection are answered one
// after another in order (pipelining-safe); connections are served in parallel on
// `threads` threads sharing one io_context, each connection on its own strand.
// Handlers run on those threads and may block (database calls): while one blocks,
// the other threads keep serving.
//
// Every response carries Server: shopdesk, Content-Length (except 204/304) and the
// default headers listed in response.h. Protocol errors are answered in the API's
// JSON error shape: malformed HTTP 400 (then close), body over the limit 413, header
// over the limit 431. A handler's exception becomes a logged 500. A HEAD request is
// answered without a body. No per-request log line unless spdlog's level is debug.
// Every request is counted in http_requests_total and http_request_duration_seconds
// (see HttpMetrics in metrics.h).
class Server {
 public:
  using Handler = std::function<Response(Request&)>;

  // Serves `router`, which must outlive the server and not change while it runs.
  Server(ServerOptions options, const Router& router);
  // Serves `handler` (called from many threads at once).
  Server(ServerOptions options, Handler handler);
  // REQUIRES: Run() is not running (call Stop() and let Run() return first).
  ~Server();

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Opens and binds the listening socket. InvalidArgument for a malformed listen
  // string; Unavailable when the address cannot be bound (in use, not local).
  Status Bind();
  // The bound port (the real one when listen asked for port 0); 0 before Bind().
  int port() const;
  // Serves until Stop(), then returns once every server thread has finished its
  // current handler. Binds first if Bind() was not called (logging a failure and
  // returning at once). Call at most once.
  void Run();
  // Makes Run() return promptly: no new connections or requests are taken; handlers
  // already running finish, but their responses may not be sent. Connections close
  // when the Server is destroyed. Thread-safe and async-signal-safe (it stores a flag
  // and writes one byte to a pipe); may be called before Run() (Run then returns at
  // once) and more than once.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace shopdesk::http
