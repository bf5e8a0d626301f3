// The server over real loopback sockets, with a plain POSIX client so every byte on
// the wire is under the test's control.
#include "http/server/server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http/api/json_body.h"
#include "http/server/metrics.h"
#include "http/server/router.h"

namespace shopdesk::http {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

struct Reply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// A blocking HTTP/1.1 client for one connection; reads time out after 5 s.
class Client {
 public:
  explicit Client(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      throw std::runtime_error("connect failed");
    }
  }
  ~Client() { ::close(fd_); }

  void Send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return;  // the server closed; the test reads what it answered
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
  }

  // One response (status 0 when the connection closed first). Content-Length only;
  // `head`: the answer to HEAD, which has no body whatever Content-Length says.
  Reply Read(bool head_request = false) {
    Reply reply;
    std::size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return reply;
    }
    const std::string head = buffer_.substr(0, end);
    buffer_.erase(0, end + 4);
    reply.status = std::stoi(head.substr(9, 3));
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos < head.size()) {
      const auto next = head.find("\r\n", pos + 2);
      const std::string line =
          head.substr(pos + 2, next == std::string::npos ? next : next - pos - 2);
      const auto colon = line.find(':');
      std::string name = line.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = line.substr(colon + 2);
      pos = next;
    }
    const std::size_t length = !head_request && reply.headers.count("content-length")
                                   ? std::stoul(reply.headers["content-length"])
                                   : 0;
    while (buffer_.size() < length) {
      if (!Fill()) break;
    }
    reply.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return reply;
  }

  // True when the server closed the connection (read returns end of file).
  bool Closed() { return buffer_.empty() && !Fill(); }

 private:
  bool Fill() {
    char chunk[8192];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
};

std::string Get(const std::string& path, const std::string& extra = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n";
}

std::string Post(const std::string& path, const std::string& body, const std::string& extra = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/hello/{name}", [](Request& req) {
      return Response::Json(200, {{"hello", req.path_params["name"]},
                                  {"q", req.query.count("q") ? req.query["q"] : ""},
                                  {"from", req.remote_address},
                                  {"agent", req.Header("x-agent")}});
    });
    router_.Add("POST", "/echo", [](Request& req) {
      auto body = ParseJsonObject(req);
      if (!body) return Response::Error(body.error());
      JsonFields f(*body, {"text"});
      std::string text = f.RequiredString("text");
      if (auto ok = f.Finish(); !ok) return Response::Error(ok.error());
      return Response::Json(201, {{"text", text}});
    });
    router_.Add("GET", "/throw",
                [](Request&) -> Response { throw std::runtime_error("db.cc:42 exploded"); });
    router_.Add("DELETE", "/thing", [](Request&) { return Response::NoContent(); });
  }

  void Start(ServerOptions options = {}) {
    options.listen = "127.0.0.1:0";
    options.threads = 2;
    options.metrics = &metrics_;
    if (options.max_body_bytes == ServerOptions().max_body_bytes) options.max_body_bytes = 1024;
    server_ = std::make_unique<Server>(options, router_);
    ASSERT_TRUE(server_->Bind());
    ASSERT_GT(server_->port(), 0);
    thread_ = std::thread([this] { server_->Run(); });
  }

  void TearDown() override {
    if (!server_) return;
    server_->Stop();
    thread_.join();
  }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

TEST_F(ServerTest, KeepAliveAnswersSeveralRequestsOnOneConnection) {
  Start();
  Client c(server_->port());
  for (int i = 0; i < 3; ++i) {
    c.Send(Get("/hello/%E5%B1%B1%E7%94%B0?q=%E8%BF%94%E5%93%81+x", "X-AGENT: test\r\n"));
    Reply r = c.Read();
    ASSERT_EQ(r.status, 200) << i;
    EXPECT_EQ(json::parse(r.body),
              json({{"hello", "山田"}, {"q", "返品 x"}, {"from", "127.0.0.1"}, {"agent", "test"}}));
    EXPECT_EQ(r.headers["server"], "shopdesk");
    EXPECT_EQ(r.headers["content-length"], std::to_string(r.body.size()));
    EXPECT_EQ(r.headers["content-type"], "application/json; charset=utf-8");
    EXPECT_EQ(r.headers["x-content-type-options"], "nosniff");
    EXPECT_EQ(r.headers["cache-control"], "no-store");
    EXPECT_EQ(r.headers.count("connection"), 0u);
  }
  // Pipelined: two requests in one write are answered in order.
  c.Send(Post("/echo", R"({"text":"一つ目"})") + Post("/echo", R"({"text":"二つ目"})"));
  Reply first = c.Read();
  Reply second = c.Read();
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(json::parse(first.body)["text"], "一つ目");
  EXPECT_EQ(json::parse(second.body)["text"], "二つ目");
  // Connection: close is honoured.
  c.Send(Get("/hello/a", "Connection: close\r\n"));
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_TRUE(c.Closed());

  const std::string text = metrics_.Render();
  EXPECT_NE(text.find("http_requests_total{code_class=\"2xx\",method=\"GET\"} 4\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_total{code_class=\"2xx\",method=\"POST\"} 2\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_request_duration_seconds_count 6\n"), std::string::npos);
}

TEST_F(ServerTest, ErrorsAreJson) {
  Start();
  Client c(server_->port());
  c.Send(Get("/nowhere"));
  Reply r = c.Read();
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "not_found");
  c.Send(Get("/echo"));
  r = c.Read();
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.headers["allow"], "POST");
  c.Send(Post("/echo", R"({"text":"x","extra":1})"));
  r = c.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(json::parse(r.body)["error"]["message"].get<std::string>().find("'extra'"),
            std::string::npos);
  c.Send(Post("/echo", "{\"text\":\"\xff\"}"));
  EXPECT_EQ(c.Read().status, 400);
  // A handler that throws: 500 JSON without the exception text; the connection lives on.
  c.Send(Get("/throw"));
  r = c.Read();
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "internal");
  EXPECT_EQ(r.body.find("db.cc"), std::string::npos);
  c.Send("DELETE /thing HTTP/1.1\r\nHost: x\r\n\r\n");
  r = c.Read();
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.headers.count("content-length"), 0u);
  // HEAD: the length of the body, but no body.
  c.Send("HEAD /nowhere HTTP/1.1\r\nHost: x\r\n\r\n" + Get("/hello/b"));
  r = c.Read(/*head=*/true);
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.headers["content-length"], "0");
  EXPECT_EQ(c.Read().status, 200);  // the next response starts right after the HEAD one
  c.Send("HEAD /hello/b HTTP/1.1\r\nHost: x\r\n\r\n" + Get("/nowhere"));
  r = c.Read(/*head_request=*/true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers["content-type"], "application/json; charset=utf-8");
  EXPECT_EQ(c.Read().status, 404);
}

// Every answer, whoever produced it (a handler, the router, the protocol layer), carries
// the headers that keep a browser from framing, sniffing or leaking it. A handler may
// set its own Content-Security-Policy (a static UI will) but cannot weaken the others.
void ExpectSecurityHeaders(const Reply& r, const std::string& what) {
  SCOPED_TRACE(what);
  ASSERT_NE(r.status, 0);
  EXPECT_EQ(r.headers.count("x-content-type-options") ? r.headers.at("x-content-type-options") : "",
            "nosniff");
  EXPECT_EQ(r.headers.count("x-frame-options") ? r.headers.at("x-frame-options") : "", "DENY");
  EXPECT_EQ(r.headers.count("referrer-policy") ? r.headers.at("referrer-policy") : "",
            "no-referrer");
  ASSERT_EQ(r.headers.count("content-security-policy"), 1u);
}

void ExpectDefaultCsp(const Reply& r, const std::string& what) {
  ExpectSecurityHeaders(r, what);
  const std::string csp = r.headers.count("content-security-policy")
                              ? r.headers.at("content-security-policy")
                              : std::string();
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << what << ": " << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what << ": " << csp;
  EXPECT_NE(csp.find("sandbox"), std::string::npos) << what << ": " << csp;
}

TEST_F(ServerTest, EveryResponseCarriesTheSecurityHeaders) {
  router_.Add("GET", "/download", [](Request&) {
    return Response::Bytes("text/html", "<script>alert(1)</script>", "見積書.html");
  });
  router_.Add("GET", "/weakens", [](Request&) {
    Response r = Response::Text(200, "x");
    r.SetHeader("X-Frame-Options", "ALLOWALL");
    r.SetHeader("X-Content-Type-Options", "sniff");
    r.SetHeader("Referrer-Policy", "unsafe-url");
    return r;
  });
  router_.Add("GET", "/own-csp", [](Request&) {
    Response r = Response::Text(200, "<p>ui</p>", "text/html; charset=utf-8");
    r.SetHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    return r;
  });
  Start();
  {
    Client c(server_->port());
    c.Send(Get("/hello/a"));
    ExpectDefaultCsp(c.Read(), "200 JSON");
    c.Send(Get("/nowhere"));
    ExpectDefaultCsp(c.Read(), "404");
    c.Send(Get("/echo"));
    ExpectDefaultCsp(c.Read(), "405");
    c.Send(Get("/throw"));
    ExpectDefaultCsp(c.Read(), "500 from a throwing handler");
    c.Send("DELETE /thing HTTP/1.1\r\nHost: x\r\n\r\n");
    ExpectDefaultCsp(c.Read(), "204");
    c.Send("HEAD /hello/a HTTP/1.1\r\nHost: x\r\n\r\n");
    ExpectDefaultCsp(c.Read(/*head_request=*/true), "HEAD");
    c.Send(Get("/download"));
    Reply download = c.Read();
    ExpectDefaultCsp(download, "download");
    EXPECT_EQ(download.headers["content-type"], "application/octet-stream");
    EXPECT_EQ(download.headers["content-disposition"],
              "attachment; filename=\"download.html\"; "
              "filename*=UTF-8''%E8%A6%8B%E7%A9%8D%E6%9B%B8.html");
    c.Send(Get("/weakens"));
    ExpectDefaultCsp(c.Read(), "a handler that tries to weaken them");
    c.Send(Get("/own-csp"));
    Reply own = c.Read();
    ExpectSecurityHeaders(own, "a handler's own policy");
    EXPECT_EQ(own.headers["content-security-policy"], "default-src 'self'; frame-ancestors 'none'");
  }
  {
    Client c(server_->port());
    c.Send("GARBAGE\r\n\r\n");
    ExpectDefaultCsp(c.Read(), "400 malformed");
  }
  {
    Client c(server_->port());
    c.Send(
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 10000000\r\n\r\n");
    ExpectDefaultCsp(c.Read(), "413");
  }
  {
    Client c(server_->port());
    c.Send("GET /" + std::string(40000, 'a') + " HTTP/1.1\r\n\r\n");
    ExpectDefaultCsp(c.Read(), "431");
  }
}

TEST_F(ServerTest, BodyOverTheLimitIs413WithoutReadingIt) {
  Start();
  {
    // Content-Length over the limit: answered before the body is sent.
    Client c(server_->port());
    c.Send(
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 10000000\r\n\r\n{\"text\":\"");
    Reply r = c.Read();
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "too_large");
    EXPECT_EQ(r.headers["connection"], "close");
  }
  {
    // A chunked body is cut off at the limit.
    Client c(server_->port());
    std::string chunk(800, 'a');
    c.Send(
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n320\r\n" +
        chunk + "\r\n320\r\n" + chunk + "\r\n");
    EXPECT_EQ(c.Read().status, 413);
  }
  {
    // Expect: 100-continue within the limit: the server asks for the body.
    Client c(server_->port());
    const std::string body = R"({"text":"続き"})";
    c.Send(
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Expect: 100-continue\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n");
    EXPECT_EQ(c.Read().status, 100);
    c.Send(body);
    Reply r = c.Read();
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(json::parse(r.body)["text"], "続き");
  }
}

TEST_F(ServerTest, UploadRoutesGetTheLargerLimit) {
  ServerOptions options;
  options.max_body_bytes = 100;
  options.max_upload_bytes = 5000;
  options.upload_limit = [](const std::string& method, const std::string& path) -> std::size_t {
    if (method != "POST") return 0;
    if (path == "/echo") return 2000;
    return path == "/big" ? 100000 : 0;  // capped at max_upload_bytes
  };
  router_.Add("POST", "/small", [](Request&) { return Response::Text(200, "ok"); });
  router_.Add("POST", "/big", [](Request&) { return Response::Text(200, "ok"); });
  Start(options);
  const std::string body = R"({"text":")" + std::string(1000, 'x') + "\"}";
  const std::string larger = R"({"text":")" + std::string(3000, 'x') + "\"}";
  const std::string largest = R"({"text":")" + std::string(6000, 'x') + "\"}";
  {
    Client c(server_->port());
    c.Send(Post("/echo", body));
    EXPECT_EQ(c.Read().status, 201);
    c.Send(Post("/small", body));
    EXPECT_EQ(c.Read().status, 413);
  }
  {
    Client c(server_->port());
    c.Send(Post("/echo", larger));  // over its own limit
    EXPECT_EQ(c.Read().status, 413);
  }
  {
    Client c(server_->port());
    c.Send(Post("/big", larger));
    EXPECT_EQ(c.Read().status, 200);
    c.Send(Post("/big", largest));  // over max_upload_bytes
    EXPECT_EQ(c.Read().status, 413);
  }
}

TEST_F(ServerTest, MalformedHttpIs400AndCloses) {
  Start();
  for (const std::string& garbage :
       {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTX/1.1\r\n\r\n"),
        std::string("GET / HTTP/1.1\r\nBad Header\r\n\r\n"),
        std::string("POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n")}) {
    Client c(server_->port());
    c.Send(garbage);
    Reply r = c.Read();
    EXPECT_EQ(r.status, 400) << garbage;
    EXPECT_EQ(json::parse(r.body)["error"]["code"], "invalid_argument");
    EXPECT_TRUE(c.Closed()) << garbage;
  }
  Client c(server_->port());
  c.Send("GET /" + std::string(40000, 'a') + " HTTP/1.1\r\n\r\n");
  EXPECT_EQ(c.Read().status, 431);
}

TEST_F(ServerTest, IdleConnectionsTimeOut) {
  ServerOptions options;
  options.read_timeout = std::chrono::milliseconds(200);
  Start(options);
  Client c(server_->port());
  const auto started = steady_clock::now();
  EXPECT_TRUE(c.Closed());
  EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(3));
}

TEST_F(ServerTest, StopReturnsPromptlyWithOpenConnections) {
  Start();
  Client idle(server_->port());
  Client busy(server_->port());
  busy.Send(Get("/hello/x"));
  EXPECT_EQ(busy.Read().status, 200);
  const auto started = steady_clock::now();
  server_->Stop();
  thread_.join();
  EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(1));
  server_.reset();  // closes the connections
  EXPECT_TRUE(idle.Closed());
}

// Floods a new WebSocket connection with large messages from another thread, the way
// a burst of live events does. The threads belong to the test, which joins them once
// the server has stopped (a flooding thread may hold the connection's last reference).
struct Floods {
  std::mutex mu;
  std::vector<std::thread> threads;
};

class FloodingHandler final : public WebSocketHandler {
 public:
  explicit FloodingHandler(Floods& floods) : floods_(floods) {}
  void OnOpen(const std::shared_ptr<WebSocketConnection>& connection) override {
    std::weak_ptr<WebSocketConnection> weak = connection;
    std::lock_guard lock(floods_.mu);
    floods_.threads.emplace_back([weak] {
      const std::string big(256 * 1024, 'x');
      for (int i = 0; i < 200; ++i) {
        auto c = weak.lock();
        if (!c) return;
        c->SendText(big);
      }
    });
  }

 private:
  Floods& floods_;
};

TEST_F(ServerTest, AClientLeavingWhileAWriteIsInFlightIsHarmless) {
  Floods floods;
  ServerOptions options;
  options.websocket = [&floods](Request&) {
    WebSocketUpgrade upgrade;
    upgrade.handler = std::make_shared<FloodingHandler>(floods);
    return upgrade;
  };
  Start(options);
  for (int round = 0; round < 20; ++round) {
    Client ws(server_->port());
    ws.Send(
        "GET /events HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    ASSERT_EQ(ws.Read(/*head_request=*/true).status, 101);
    // Leaves without a close handshake while the server is writing (the socket closes
    // with unread data: a reset).
  }
  {
    Client http(server_->port());
    http.Send(Get("/hello/after"));
    EXPECT_EQ(http.Read().status, 200);
  }
  server_->Stop();
  thread_.join();
  for (auto& t : floods.threads) t.join();
  server_.reset();
}

TEST(ServerOptionsTest, StopBeforeRunAndBadListen) {
  Router router;
  Metrics metrics;
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.metrics = &metrics;
  Server server(options, router);
  server.Stop();
  server.Run();  // binds, sees the pending stop, returns
  EXPECT_GT(server.port(), 0);

  for (const char* listen : {"localhost", "127.0.0.1:99999", "127.0.0.1:x", "not-an-ip:80"}) {
    ServerOptions bad;
    bad.listen = listen;
    bad.metrics = &metrics;
    auto bound = Server(bad, router).Bind();
    ASSERT_FALSE(bound) << listen;
    EXPECT_EQ(bound.error().code, ErrorCode::kInvalidArgument) << listen;
  }
  // A port already in use.
  ServerOptions taken;
  taken.listen = "127.0.0.1:0";
  taken.metrics = &metrics;
  Server first(taken, router);
  ASSERT_TRUE(first.Bind());
  taken.listen = "127.0.0.1:" + std::to_string(first.port());
  auto second = Server(taken, router).Bind();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace shopdesk::http
