#include "http/server/server.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <optional>
#include <thread>
#include <vector>

#include "http/server/metrics.h"
#include "http/server/router.h"
#include "http/server/websocket.h"

namespace shopdesk::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// After refusing a request whose body may still be arriving, read and discard for
// this long at most, so the client gets to read the answer instead of a reset.
constexpr auto kDrainTime = std::chrono::seconds(5);
constexpr std::size_t kDrainBytes = 64ull * 1024 * 1024;

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

bool ValidHeaderName(std::string_view name) {
  static constexpr std::string_view kPunct = "!#$%&'*+-.^_`|~";
  if (name.empty()) return false;
  for (unsigned char c : name) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && kPunct.find(static_cast<char>(c)) == std::string_view::npos) return false;
  }
  return true;
}

bool ValidHeaderValue(std::string_view value) {
  return value.size() < 32 * 1024 &&
         value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

Response InternalError() {
  return Response::ErrorWithStatus(500, "internal", "an internal error occurred");
}

// Fills `out` from `response`, adding the headers every response carries. Header
// fields the handler got wrong are dropped and logged, never sent. `head`: the answer
// to a HEAD request, whose body is announced (Content-Length) but not sent.
void ToBeast(Response&& response, unsigned version, bool keep_alive, bool head,
             bhttp::response<bhttp::string_body>& out) {
  out = {};
  if (response.status < 200 || response.status > 599) {
    spdlog::error("a handler answered with HTTP status {}; sending 500", response.status);
    response = InternalError();
  }
  out.version(version);
  out.result(static_cast<unsigned>(response.status));
  out.set(bhttp::field::server, "shopdesk");
  if (!response.content_type.empty() && ValidHeaderValue(response.content_type)) {
    out.set(bhttp::field::content_type, response.content_type);
  }
  for (auto& [name, value] : response.headers) {
    if (!ValidHeaderName(name) || !ValidHeaderValue(value)) {
      spdlog::error("dropped an invalid response header '{}'", name.substr(0, 100));
    } else if (beast::iequals(name, "set-cookie")) {
      out.insert(name, value);
    } else {
      out.set(name, value);
    }
  }
  out.set("X-Content-Type-Options", "nosniff");
  out.set("X-Frame-Options", "DENY");
  out.set("Referrer-Policy", "no-referrer");
  if (out.find(bhttp::field::cache_control) == out.end()) {
    out.set(bhttp::field::cache_control, "no-store");
  }
  if (out.find("Content-Security-Policy") == out.end()) {
    out.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
  }
  out.keep_alive(keep_alive);
  if (response.status == 204 || response.status == 304) return;  // no body, no length
  if (head) {
    out.content_length(response.body.size());
    return;
  }
  out.body() = std::move(response.body);
  out.prepare_payload();
}

struct Shared {
  ServerOptions options;
  Server::Handler handler;
  std::optional<HttpMetrics> metrics;
  // WebSocket connections live on their own thread: HTTP handlers block on the
  // database, and a live event must not queue behind them.
  asio::io_context* websocket_io = nullptr;
};

// One accepted WebSocket connection. Every step runs on the connection's strand;
// SendText and Close post onto it, so they are safe from any thread.
class WebSocketSession final : public WebSocketConnection,
                               public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(beast::tcp_stream&& stream, std::shared_ptr<WebSocketHandler> handler)
      : ws_(std::move(stream)), handler_(std::move(handler)) {}

  void Start(bhttp::request<bhttp::string_body> request) {
    beast::get_lowest_layer(ws_).expires_never();  // the websocket timeouts take over
    websocket::stream_base::timeout timeouts =
        websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.keep_alive_pings = true;  // a ping after idle_timeout / 2, closed without pong
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& r) { r.set(bhttp::field::server, "shopdesk"); }));
    ws_.read_message_max(64 * 1024);
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->Finish();
      self->handler_->OnOpen(self);
      self->Read();
    });
  }

  void SendText(std::string text) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), text = std::move(text)]() mutable {
      if (self->finished_ || self->closing_) return;
      if (self->queue_.size() >= kMaxQueuedMessages) {
        spdlog::warn("websocket client too slow ({} messages queued); disconnecting",
                     self->queue_.size());
        return self->StartClose(websocket::close_code::policy_error, "too slow; reconnect");
      }
      self->queue_.push_back(std::move(text));
      if (!self->writing_) self->WriteNext();
    });
  }

  void Close(std::string reason) override {
    asio::post(ws_.get_executor(), [self = shared_from_this(), reason = std::move(reason)] {
      self->StartClose(websocket::close_code::normal, reason);
    });
  }

 private:
  void Read() {
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->Finish();
      const auto data = self->buffer_.cdata();
      self->handler_->OnMessage(
          std::string_view(static_cast<const char*>(data.data()), data.size()));
      self->buffer_.consume(self->buffer_.size());
      self->Read();
    });
  }

  void WriteNext() {
    if (queue_.empty() || finished_) {
      writing_ = false;
      if (close_pending_) DoClose();
      return;
    }
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      // The front is the message just written; Finish() keeps it
                      // while a write is in flight.
                      self->queue_.pop_front();
                      if (ec) return self->Finish();
                      self->WriteNext();
                    });
  }

  // Closes after the message being written; queued ones are dropped.
  void StartClose(websocket::close_code code, std::string_view reason) {
    if (finished_ || closing_) return;
    closing_ = true;
    const std::string_view cut = reason.substr(0, 123);
    close_reason_ = websocket::close_reason(code, beast::string_view(cut.data(), cut.size()));
    if (writing_) {
      while (queue_.size() > 1) queue_.pop_back();
      close_pending_ = true;
    } else {
      DoClose();
    }
  }

  void DoClose() {
    close_pending_ = false;
    ws_.async_close(close_reason_, [self = shared_from_this()](beast::error_code) {
      // The read loop sees the close (or an error) and finishes.
    });
  }

  // The connection is over (the read side ended or a write failed). A write still in
  // flight reads queue_.front() until its handler runs: only the messages behind it
  // are dropped here (clearing it all made that handler pop an empty deque and the
  // write read freed memory: a crash when a browser left during a burst of events).
  void Finish() {
    if (finished_) return;
    finished_ = true;
    if (writing_) {
      while (queue_.size() > 1) queue_.pop_back();
    } else {
      queue_.clear();
    }
    handler_->OnClose();
  }

  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<WebSocketHandler> handler_;
  beast::flat_buffer buffer_;
  std::deque<std::string> queue_;
  websocket::close_reason close_reason_;
  bool writing_ = false;
  bool closing_ = false;
  bool close_pending_ = false;
  bool finished_ = false;
};

// One connection: read a request, answer it, repeat. Every step runs on the
// connection's strand, so a Session is never used by two threads at once.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared)
      : stream_(std::move(socket)), shared_(shared), options_(shared.options) {}

  void Start() {
    beast::error_code ec;
    const auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
    ReadHeader();
  }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
    // Beast checks Content-Length against the body limit while reading the header,
    // so the header is read under the larger limit and the request's own is applied
    // in OnHeader.
    parser_->body_limit(std::max(options_.max_body_bytes, options_.max_upload_bytes));
    stream_.expires_after(options_.read_timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    started_ = Clock::now();
    const auto& req = parser_->get();
    method_ = std::string(View(req.method_string()));
    limit_ = options_.max_body_bytes;
    if (options_.upload_limit) {
      const std::string_view target = View(req.target());
      const std::size_t upload =
          options_.upload_limit(method_, std::string(target.substr(0, target.find('?'))));
      if (upload > 0) limit_ = std::min(upload, options_.max_upload_bytes);
    }
    if (const auto length = parser_->content_length(); length && *length > limit_) {
      return OnReadError(bhttp::error::body_limit);
    }
    if (parser_->is_done()) return Handle();
    parser_->body_limit(limit_);
    stream_.expires_after(options_.read_timeout);
    const auto expect = req.find(bhttp::field::expect);
    if (expect != req.end() && beast::iequals(expect->value(), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                               [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                 if (ec) return self->Close();
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->OnReadError(ec);
                        self->Handle();
                      });
  }

  // Answers what can be answered (400, 413, 431) and closes; a connection that ended
  // or timed out is just closed.
  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
        ec == asio::error::eof || ec == beast::error::timeout ||
        ec == asio::error::connection_reset || ec == asio::error::operation_aborted) {
      return Close();
    }
    Response r;
    if (ec == bhttp::error::body_limit) {
      r = Response::Error(Error::TooLarge("the request body is over the limit of " +
                                          std::to_string(limit_) + " bytes"));
    } else if (ec == bhttp::error::header_limit) {
      r = Response::ErrorWithStatus(431, "too_large",
                                    "the request line and headers are over the limit of " +
                                        std::to_string(options_.max_header_bytes) + " bytes");
    } else {
      r = Response::Error(Error::InvalidArgument("malformed HTTP request: " + ec.message()));
    }
    draining_ = true;
    if (!parser_ || !parser_->is_header_done()) method_ = "other";
    if (started_ == Clock::time_point()) started_ = Clock::now();
    Send(std::move(r), 11, /*keep_alive=*/false);
  }

  void Handle() {
    auto& req = parser_->get();
    Request request;
    request.method = method_;
    const std::string_view target = View(req.target());
    const auto q = target.find('?');
    request.path = UrlDecode(target.substr(0, q), false);
    if (q != std::string_view::npos) request.query = ParseQuery(target.substr(q + 1));
    request.headers.reserve(16);
    for (const auto& field : req) {
      request.headers.Add(std::string(View(field.name_string())), std::string(View(field.value())));
    }
    request.body = std::move(req.body());
    request.remote_address = remote_address_;
    const bool keep_alive = req.keep_alive();
    const unsigned version = req.version();

    if (shared_.options.websocket && websocket::is_upgrade(req)) {
      return Upgrade(request, version);
    }

    Response response;
    try {
      response = shared_.handler(request);
    } catch (const std::exception& e) {
      spdlog::error("{} {} threw: {}", method_, request.path.substr(0, 200), e.what());
      response = InternalError();
    }
    if (spdlog::should_log(spdlog::level::debug)) {
      spdlog::debug("{} {} {} {} {:.3f}ms", remote_address_, method_, request.path.substr(0, 200),
                    response.status,
                    std::chrono::duration<double, std::milli>(Clock::now() - started_).count());
    }
    Send(std::move(response), version, keep_alive);
  }

  // Accepts or refuses a WebSocket upgrade; an accepted connection leaves this
  // Session (which ends here) for a WebSocketSession.
  void Upgrade(Request& request, unsigned version) {
    WebSocketUpgrade upgrade;
    try {
      upgrade = shared_.options.websocket(request);
    } catch (const std::exception& e) {
      spdlog::error("websocket {} threw: {}", request.path.substr(0, 200), e.what());
      upgrade.refusal = InternalError();
    }
    if (!upgrade.handler) return Send(std::move(upgrade.refusal), version, /*keep_alive=*/false);
    shared_.metrics->Record(method_, 101,
                            std::chrono::duration<double>(Clock::now() - started_).count());
    // Move the connection onto the WebSocket thread's io_context.
    beast::error_code ec;
    tcp::socket& socket = stream_.socket();
    const auto protocol = socket.local_endpoint(ec).protocol();
    const auto native = ec ? -1 : socket.release(ec);
    if (ec) return Close();
    tcp::socket moved(asio::make_strand(*shared_.websocket_io));
    moved.assign(protocol, native, ec);
    if (ec) {
      ::close(native);
      return;
    }
    std::make_shared<WebSocketSession>(beast::tcp_stream(std::move(moved)),
                                       std::move(upgrade.handler))
        ->Start(parser_->release());
  }

  void Send(Response response, unsigned version, bool keep_alive) {
    status_ = response.status;
    try {
      ToBeast(std::move(response), version, keep_alive, method_ == "HEAD", response_);
    } catch (const std::exception& e) {  // e.g. a header field over Beast's 64 KiB
      spdlog::error("cannot send a response: {}", e.what());
      ToBeast(InternalError(), version, keep_alive, method_ == "HEAD", response_);
      status_ = 500;
    }
    stream_.expires_after(options_.read_timeout);
    bhttp::async_write(stream_, response_,
                       [self = shared_from_this(), keep_alive](beast::error_code ec, std::size_t) {
                         self->OnWritten(ec, keep_alive);
                       });
  }

  void OnWritten(beast::error_code ec, bool keep_alive) {
    shared_.metrics->Record(method_, status_,
                            std::chrono::duration<double>(Clock::now() - started_).count());
    started_ = {};
    if (ec || !keep_alive) return Close();
    ReadHeader();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (draining_) {
      drain_deadline_ = Clock::now() + kDrainTime;
      Drain();
    }
  }

  void Drain() {
    stream_.expires_at(drain_deadline_);
    stream_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kDrainBytes) return;
                              self->Drain();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;
  Shared& shared_;
  const ServerOptions& options_;
  std::string remote_address_;
  std::string method_;
  int status_ = 0;
  Clock::time_point started_{};
  std::size_t limit_ = 0;
  bool draining_ = false;
  std::size_t drained_ = 0;
  Clock::time_point drain_deadline_{};
  std::array<char, 16384> scratch_;
};

// Parses HOST:PORT; host "" means every IPv4 address.
Result<tcp::endpoint> ParseListen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return Error::InvalidArgument("--listen must be HOST:PORT (e.g. 127.0.0.1:8080), got '" +
                                  listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const std::string port_text = listen.substr(colon + 1);
  if (port_text.empty() || port_text.size() > 5 ||
      port_text.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port_text) > 65535) {
    return Error::InvalidArgument("invalid port in --listen '" + listen + "'");
  }
  beast::error_code ec;
  const auto address = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (ec) {
    return Error::InvalidArgument("invalid address in --listen '" + listen +
                                  "' (use an IP address, e.g. 127.0.0.1 or [::1])");
  }
  return tcp::endpoint(address, static_cast<unsigned short>(std::stoi(port_text)));
}

int ThreadCount(int requested) {
  if (requested > 0) return requested;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, Server::Handler handler) : io(ThreadCount(options.threads)) {
    shared.options = std::move(options);
    shared.handler = std::move(handler);
    shared.metrics.emplace(shared.options.metrics ? *shared.options.metrics : Metrics::Global());
    shared.websocket_io = &websocket_io;
    int fds[2];
    SHOPDESK_CHECK(::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0);
    wake_read.assign(fds[0]);
    wake_write = fds[1];
  }
  ~Impl() { ::close(wake_write); }

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || stopping.load()) return;
      if (ec) {
        // Out of file descriptors and the like: retry soon rather than spin.
        spdlog::warn("accept failed: {}", ec.message());
        retry.expires_after(std::chrono::milliseconds(100));
        retry.async_wait([this](beast::error_code wait_ec) {
          if (!wait_ec) Accept();
        });
        return;
      }
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(socket), shared)->Start();
      Accept();
    });
  }

  // Stop() writes to the pipe; reading it here turns that into io.stop().
  void WaitForStop() {
    wake_read.async_read_some(asio::buffer(wake_byte), [this](beast::error_code, std::size_t) {
      beast::error_code ignored;
      acceptor.close(ignored);
      io.stop();
      websocket_io.stop();
    });
  }

  // `shared` is declared first so it is destroyed last: sessions destroyed with `io`
  // refer to it.
  Shared shared;
  asio::io_context io;
  // Declared after `shared`, destroyed before it (its sessions refer to nothing in
  // `shared`, but keep the order obvious).
  asio::io_context websocket_io{1};
  asio::executor_work_guard<asio::io_context::executor_type> websocket_work{
      asio::make_work_guard(websocket_io)};
  tcp::acceptor acceptor{io};
  asio::steady_timer retry{io};
  asio::posix::stream_descriptor wake_read{io};
  int wake_write = -1;
  std::array<char, 1> wake_byte{};
  std::atomic<bool> stopping{false};
  bool bound = false;
  int port = 0;
};

Server::Server(ServerOptions options, const Router& router)
    : Server(std::move(options), [&router](Request& request) { return router.Dispatch(request); }) {
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() = default;

Status Server::Bind() {
  const std::string& listen = impl_->shared.options.listen;
  auto endpoint = ParseListen(listen);
  if (!endpoint) return endpoint.error();
  beast::error_code ec;
  auto& a = impl_->acceptor;
  if (a.is_open()) a.close(ec);
  a.open(endpoint->protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(*endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    const std::string reason = ec.message();
    a.close(ec);
    return Error::Unavailable("cannot listen on " + listen + ": " + reason);
  }
  impl_->port = a.local_endpoint(ec).port();
  impl_->bound = true;
  return Ok();
}

int Server::port() const { return impl_->port; }

void Server::Run() {
  if (!impl_->bound) {
    if (auto bound = Bind(); !bound) {
      spdlog::error("{}", bound.error().message);
      return;
    }
  }
  impl_->WaitForStop();
  impl_->Accept();
  const int threads = ThreadCount(impl_->shared.options.threads);
  std::vector<std::thread> pool;
  pool.reserve(static_cast<std::size_t>(threads - 1));
  for (int i = 1; i < threads; ++i) pool.emplace_back([this] { impl_->io.run(); });
  if (impl_->shared.options.websocket) pool.emplace_back([this] { impl_->websocket_io.run(); });
  impl_->io.run();
  for (auto& t : pool) t.join();
}

void Server::Stop() {
  impl_->stopping.store(true);
  const char byte = 1;
  if (::write(impl_->wake_write, &byte, 1) < 0) {
    // EAGAIN: the pipe is full, so a stop is pending already.
  }
}

}  // namespace shopdesk::http
