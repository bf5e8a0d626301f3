#include "http/api.h"

#include <nlohmann/json.hpp>

#include "http/auth.h"
#include "http/event_stream.h"
#include "http/metrics.h"
#include "services/admin_service.h"

namespace shopdesk::http {

bool IsUploadRoute(const std::string& method, const std::string& path) {
  return method == "POST" && path.starts_with("/api/v1/channels/") && path.ends_with("/messages");
}

namespace api {

std::variant<Agent, Response> AuthenticateWith(ApiContext& context, store::Database& db,
                                               const Request& request, Access access) {
  auto token = BearerToken(request);
  if (!token) return Response::FromError(token.error());
  services::AdminService admin(db, context.clock);
  auto agent = admin.Authenticate(*token);
  if (!agent) {
    Response r = Response::FromError(agent.error());
    if (r.status == 401) r.SetHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return r;
  }
  if (access == Access::kWrite && !RoleCanWrite(agent->role)) {
    return Response::FromError(
        Error::PermissionDenied("the viewer role can read but not change anything"));
  }
  return *agent;
}

Response Authenticated(ApiContext& context, const Request& request, Access access,
                       const std::function<Response(store::Database&, const Agent&)>& handler) {
  auto lease = context.pool.Acquire();
  if (!lease) return Response::FromError(lease.error());
  auto who = AuthenticateWith(context, **lease, request, access);
  if (auto* refusal = std::get_if<Response>(&who)) return std::move(*refusal);
  return handler(**lease, std::get<Agent>(who));
}

}  // namespace api

void RegisterApiRoutes(Router& router, ApiContext& context) {
  router.Add("GET", "/healthz", [&context](Request&) {
    auto lease = context.pool.Acquire();
    Status status = lease ? (*lease)->Ping() : Status(lease.error());
    if (!status) {
      return Response::Json(503, {{"status", "unavailable"},
                                  {"database", "unreachable"},
                                  {"message", status.error().message}});
    }
    nlohmann::json body = {{"status", "ok"}, {"database", "ok"}};
    if (context.events) body["live_events"] = context.events->healthy() ? "ok" : "paused";
    return Response::Json(200, body);
  });
  router.Add("GET", "/metrics", [](Request&) {
    return Response::Text(200, Metrics::Global().Render(),
                          "text/plain; version=0.0.4; charset=utf-8");
  });
  router.Add("GET", "/api/v1/events", [](Request&) {
    Response r = Response::ErrorWithStatus(
        426, "upgrade_required",
        "/api/v1/events is a WebSocket: connect with a WebSocket client (Upgrade: websocket)");
    r.SetHeader("Upgrade", "websocket");
    return r;
  });
  api::RegisterConversationRoutes(router, context);
  api::RegisterResourceRoutes(router, context);
}

WebSocketUpgrade RouteWebSocket(ApiContext& context, Request& request) {
  if (request.path != "/api/v1/events" || request.method != "GET") {
    WebSocketUpgrade refused;
    refused.refusal = Response::FromError(Error::NotFound(
        "WebSocket endpoint", request.path + " (the one endpoint is /api/v1/events)"));
    return refused;
  }
  return AcceptEventStream(context, request);
}

}  // namespace shopdesk::http
