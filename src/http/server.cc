#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <optional>
#include <thread>
#include <vector>

#include "http/metrics.h"

namespace shopdesk::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

void AddSecurityHeaders(bhttp::response<bhttp::string_body>& res) {
  res.set(bhttp::field::server, "shopdesk");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "no-referrer");
  if (res.find("Content-Security-Policy") == res.end()) {
    res.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
  }
  if (res.find(bhttp::field::cache_control) == res.end())
    res.set(bhttp::field::cache_control, "no-store");
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const ServerOptions& options, const Server::Handler& handler)
      : stream_(std::move(socket)), options_(options), handler_(handler) {}

  void Start() { ReadHeader(); }

 private:
  void ReadHeader() {
    parser_.emplace();
    parser_->header_limit(64 * 1024);
    // Beast checks Content-Length against the limit while reading the header, so the
    // header is read under the larger limit and the route's own applied in OnHeader.
    parser_->body_limit(std::max(options_.max_body_bytes, options_.max_upload_bytes));
    stream_.expires_after(std::chrono::seconds(options_.read_timeout_seconds));
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  void OnHeader(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    const auto& req = parser_->get();
    const std::string target(req.target());
    const std::string path = target.substr(0, target.find('?'));
    const bool upload =
        options_.is_upload && options_.is_upload(std::string(req.method_string()), path);
    limit_ = upload ? options_.max_upload_bytes : options_.max_body_bytes;
    if (const auto length = parser_->content_length(); length && *length > limit_) {
      return OnReadError(bhttp::error::body_limit);
    }
    parser_->body_limit(limit_);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
        ec == beast::error::timeout || ec == asio::error::connection_reset ||
        ec == asio::error::operation_aborted) {
      return Close();
    }
    Response r =
        ec == bhttp::error::body_limit
            ? Response::FromError(Error::TooLarge("the request body is over the limit of " +
                                                  std::to_string(limit_) + " bytes"))
        : ec == bhttp::error::header_limit
            ? Response::FromError(Error::TooLarge("the request headers are too large"))
            : Response::FromError(
                  Error::InvalidArgument("malformed HTTP request: " + ec.message()));
    draining_ = true;
    Send(std::move(r), /*keep_alive=*/false, 11);
  }

  void OnRead(beast::error_code ec) {
    if (ec) return OnReadError(ec);
    const auto started = std::chrono::steady_clock::now();
    auto req = parser_->release();
    Request request;
    request.method = std::string(req.method_string());
    const std::string target(req.target());
    const auto q = target.find('?');
    request.path = UrlDecode(target.substr(0, q), false);
    if (q != std::string::npos) request.query = ParseQuery(std::string_view(target).substr(q + 1));
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = std::string(field.value());
    }
    request.body = std::move(req.body());
    beast::error_code ignored;
    const auto endpoint = stream_.socket().remote_endpoint(ignored);
    if (!ignored) request.remote_address = endpoint.address().to_string();
    Response response = handler_(request);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    Metrics::Global().RecordRequest(response.status, seconds);
    Send(std::move(response), req.keep_alive(), req.version());
  }

  void Send(Response response, bool keep_alive, unsigned version) {
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
        static_cast<bhttp::status>(response.status), version);
    res->set(bhttp::field::content_type, response.content_type);
    for (auto& [name, value] : response.headers) res->set(name, value);
    AddSecurityHeaders(*res);
    res->body() = std::move(response.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    bhttp::async_write(
        stream_, *res,
        [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive) return self->Close();
          self->ReadHeader();
        });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (draining_) Drain();
  }

  // After refusing a request whose body is still arriving (413, 400), keep reading and
  // discarding for a bounded time and amount, so the client finishes sending and reads
  // our answer instead of meeting a reset connection.
  void Drain() {
    stream_.expires_after(std::chrono::seconds(5));
    stream_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > 256ull * 1024 * 1024) return;
                              self->Drain();
                            });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const ServerOptions& options_;
  const Server::Handler& handler_;
  std::size_t limit_ = 0;
  bool draining_ = false;
  std::size_t drained_ = 0;
  std::array<char, 16384> scratch_;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Handler handler;
  asio::io_context io;
  tcp::acceptor acceptor{io};
  int port = 0;

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        socket.set_option(tcp::no_delay(true), ec);
        std::make_shared<Session>(std::move(socket), options, handler)->Start();
      }
      Accept();
    });
  }
};

Server::Server(ServerOptions options, Handler handler) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
}

Server::~Server() { Stop(); }

Status Server::Bind() {
  const auto& listen = impl_->options.listen;
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return Error::InvalidArgument("--listen must be HOST:PORT (e.g. 127.0.0.1:8080), got '" +
                                  listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  int port = 0;
  try {
    port = std::stoi(listen.substr(colon + 1));
  } catch (...) {
    port = -1;
  }
  if (port < 0 || port > 65535)
    return Error::InvalidArgument("invalid port in --listen '" + listen + "'");
  beast::error_code ec;
  const auto address = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (ec)
    return Error::InvalidArgument("invalid address in --listen '" + listen + "': " + ec.message());
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Error::Unavailable("cannot listen on " + listen + ": " + ec.message());
  impl_->port = a.local_endpoint().port();
  return Ok();
}

int Server::port() const { return impl_->port; }

void Server::Run() {
  impl_->Accept();
  int threads = impl_->options.threads > 0 ? impl_->options.threads
                                           : static_cast<int>(std::thread::hardware_concurrency());
  if (threads < 1) threads = 1;
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : pool) t.join();
}

void Server::Stop() { impl_->io.stop(); }

}  // namespace shopdesk::http
