#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <thread>

#include "cli/cli_support.h"
#include "cli/demo_shop.h"
#include "core/clock.h"
#include "http/api/api.h"
#include "http/live/presence_board.h"
#include "http/server/server.h"
#include "http/server/static_site.h"
#include "services/workers/background_workers.h"
#include "services/workers/ingest_committer.h"

#ifndef SHOPDESK_WEB_DIR  // set by CMake to <source>/web/dist
#define SHOPDESK_WEB_DIR "web/dist"
#endif

namespace shopdesk::cli {
namespace {

struct ServeArgs {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  int threads = 0;
  double poll_seconds = 60;
  double send_seconds = 1;
  double sla_seconds = 15;
  double send_lease_seconds = 120;
  double poll_lease_seconds = 300;
  bool no_workers = false;
  std::int64_t max_attachment_mb = 25;
  std::string web_dir = SHOPDESK_WEB_DIR;
};

void AddServeOptions(CLI::App& cmd, ServeArgs& a) {
  AddDbOption(cmd, a.db);
  cmd.add_option("--listen", a.listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  cmd.add_option("--threads", a.threads, "HTTP threads (default: one per core)");
  cmd.add_option("--poll-seconds", a.poll_seconds,
                 "how often IMAP mailboxes are polled (default 60)");
  cmd.add_option("--send-seconds", a.send_seconds,
                 "how often queued replies are looked for (default 1)");
  cmd.add_option("--sla-seconds", a.sla_seconds,
                 "how often response clocks are checked for warnings and breaches (default 15)")
      ->check(CLI::PositiveNumber);
  // A lease is how long a node keeps work it claimed. When a node dies, its claimed
  // replies and mailboxes wait this long before another round (on any node) takes them
  // over; a lease must outlast the work, or a slow node and its successor both do it.
  cmd.add_option("--send-lease-seconds", a.send_lease_seconds,
                 "how long a reply being sent stays with this node; after a crash it is sent "
                 "again when this ends (default 120)")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--poll-lease-seconds", a.poll_lease_seconds,
                 "how long a mailbox being polled stays with this node; after a crash it is "
                 "polled again when this ends (default 300)")
      ->check(CLI::PositiveNumber);
  cmd.add_flag("--no-workers", a.no_workers,
               "serve the API only: no IMAP polling, no sending, no SLA warnings");
  cmd.add_option("--max-attachment-mb", a.max_attachment_mb,
                 "attachments over this are replaced by a note (default 25)");
  cmd.add_option("--web-dir", a.web_dir,
                 "the built web UI (index.html and assets/) to serve at /; read once at start-up "
                 "(default " SHOPDESK_WEB_DIR ")");
}

// Serves until SIGINT or SIGTERM. `before_run` runs once the port is bound.
int Serve(const ServeArgs& a, const std::function<void(int port)>& before_run) {
  // Block the stop signals in every thread; one thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto db = OpenOrReport(a.db);  // applies migrations once, before any worker starts
  if (!db) return kExitFailure;
  store::DatabasePool pool(a.db);
  services::WorkerOptions workers_options;
  workers_options.poll_interval =
      std::chrono::milliseconds(static_cast<long>(a.poll_seconds * 1000));
  workers_options.send_interval =
      std::chrono::milliseconds(static_cast<long>(a.send_seconds * 1000));
  workers_options.outbox.lease = static_cast<Timestamp>(a.send_lease_seconds * kMillisPerSecond);
  workers_options.poll_lease = static_cast<Timestamp>(a.poll_lease_seconds * kMillisPerSecond);
  workers_options.sla_interval = std::chrono::milliseconds(static_cast<long>(a.sla_seconds * 1000));
  workers_options.send = workers_options.poll = workers_options.sla = !a.no_workers;
  workers_options.ingest.parse.max_attachment_bytes = a.max_attachment_mb * 1024 * 1024;
  services::BackgroundWorkers workers(pool, CommandClock(), workers_options);
  // Uploaded mail is stored by one committer on a connection of its own, many uploads
  // per transaction (services/workers/ingest_committer.h).
  auto committer_db = pool.Acquire();
  if (!committer_db) return Fail(committer_db.error());
  services::IngestCommitter committer(**committer_db, CommandClock(), workers_options.ingest);

  services::EventHub events(a.db, CommandClock());
  http::PresenceBoard presence;  // outlives the server and its WebSocket connections
  http::ApiContext context{pool, CommandClock(), workers_options.ingest,
                           [&workers] { workers.WakeSender(); }, &events};
  context.presence = &presence;
  context.committer = &committer;
  http::Router router;
  http::RegisterApiRoutes(router, context);
  // The UI answers what no API route does (GET/HEAD of /, /inbox, /assets/...).
  const http::StaticSite site = http::StaticSite::Load(a.web_dir);
  if (site.available()) {
    spdlog::info("{}", site.Summary());
  } else {
    spdlog::warn("{}", site.Summary());
  }
  router.SetFallback([&site](http::Request& r) { return site.Serve(r); });
  http::ServerOptions server_options;
  server_options.listen = a.listen;
  server_options.threads = a.threads;
  // A raw mail may hold three of the largest attachment.
  const std::size_t raw_mail_bytes =
      static_cast<std::size_t>(std::max<std::int64_t>(a.max_attachment_mb, 1)) * 3 * 1024 * 1024;
  server_options.max_upload_bytes = std::max(raw_mail_bytes, http::ReplyUploadBytes());
  server_options.upload_limit = [raw_mail_bytes](const std::string& method,
                                                 const std::string& path) {
    return http::UploadLimit(method, path, raw_mail_bytes);
  };
  server_options.websocket = [&context](http::Request& r) {
    return http::RouteWebSocket(context, r);
  };
  http::Server server(server_options, [&router](http::Request& r) { return router.Dispatch(r); });
  if (auto bound = server.Bind(); !bound) return Fail(bound.error());

  std::thread signal_waiter([&server, signals] {
    int received = 0;
    sigwait(&signals, &received);
    spdlog::info("received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
    server.Stop();
  });
  events.Start();
  workers.Start();
  before_run(server.port());
  server.Run();
  workers.Stop();
  events.Stop();
  // Wake the signal thread if the server stopped for another reason.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  return kExitOk;
}

std::string HostOf(const std::string& listen) {
  const std::string host = listen.substr(0, listen.rfind(':'));
  return host.empty() || host == "0.0.0.0" ? "127.0.0.1" : host;
}

}  // namespace

void RegisterServeCommands(CLI::App& root, int& exit_code) {
  auto serve_args = std::make_shared<ServeArgs>();
  auto* serve = root.add_subcommand("serve", "serve the HTTP API and run the mail workers");
  AddServeOptions(*serve, *serve_args);
  serve->final_callback([serve_args, &exit_code] {
    exit_code = Serve(*serve_args, [&](int port) {
      spdlog::info("shopdesk listening on http://{}:{} ({})", HostOf(serve_args->listen), port,
                   serve_args->db);
    });
  });

  auto demo_args = std::make_shared<ServeArgs>();
  auto* demo = root.add_subcommand(
      "demo", "create the demo shop さくら雑貨店 (once) with ~200 conversations, then serve");
  AddServeOptions(*demo, *demo_args);
  demo->final_callback([demo_args, &exit_code] {
    auto db = OpenOrReport(demo_args->db);
    if (!db) return void(exit_code = kExitFailure);
    std::fprintf(stderr, "preparing the demo shop...\n");
    auto demo_shop = CreateDemoShop(*db, CommandClock());
    if (!demo_shop) return void(exit_code = Fail(demo_shop.error()));
    db.reset();
    exit_code = Serve(*demo_args, [&](int port) {
      const std::string url = "http://" + HostOf(demo_args->listen) + ":" + std::to_string(port);
      std::printf(
          "\nshopdesk demo: %s (%s), %d new conversations\n"
          "  open:  %s  (log in as %s or %s, password %s)\n"
          "  token: %s\n  try:   curl -H 'Authorization: Bearer %s' "
          "%s/api/v1/conversations\n"
          "  stop:  Ctrl+C\n\n",
          demo_shop->shop.name.c_str(), demo_shop->shop.slug.c_str(),
          demo_shop->conversations_created, url.c_str(), kDemoOwnerEmail, kDemoStaffEmail,
          kDemoPassword, demo_shop->api_token.c_str(), demo_shop->api_token.c_str(), url.c_str());
      std::fflush(stdout);
    });
  });

  auto* routes = root.add_subcommand(
      "routes", "print every HTTP route `serve` answers, one \"METHOD /path\" per line");
  routes->final_callback([] {
    store::DatabasePool pool("sqlite::memory:");  // never opened: nothing is served
    http::ApiContext context{pool, CommandClock(), {}};
    http::Router router;
    http::RegisterApiRoutes(router, context);
    for (const auto& [method, path] : router.Routes()) {
      std::printf("%s %s\n", method.c_str(), path.c_str());
    }
  });
}

}  // namespace shopdesk::cli
