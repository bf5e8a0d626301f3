#include "http/api/api.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "core/password.h"
#include "http/api/auth.h"
#include "http/hooks/hook_routes.h"
#include "http/live/event_stream.h"
#include "http/public/public_site.h"
#include "http/server/cookies.h"
#include "http/server/metrics.h"
#include "services/account_service.h"
#include "services/admin_service.h"
#include "services/reply_service.h"

namespace shopdesk::http {

std::size_t ReplyUploadBytes() {
  return static_cast<std::size_t>(services::kMaxReplyAttachmentBytes) / 3 * 4 + 4 * 1024 * 1024;
}

std::size_t UploadLimit(const std::string& method, const std::string& path,
                        std::size_t raw_mail_bytes) {
  if (method != "POST") return 0;
  if (path.starts_with("/api/v1/channels/") && path.ends_with("/messages")) return raw_mail_bytes;
  if (path.starts_with("/hooks/")) return raw_mail_bytes;
  if (path.starts_with("/api/v1/conversations/") && path.ends_with("/replies")) {
    return ReplyUploadBytes();
  }
  return 0;
}

namespace api {

namespace {

bool Safe(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// The agent of a browser session: the shop named by X-Shop-Id (or the only one), the
// CSRF token on every change, and on a WebSocket upgrade an Origin of this host.
// Without X-Shop-Id, a GET or HEAD may name the shop in the `shop` query parameter
// instead (same meaning: the shop's id), because a browser cannot set headers on a
// WebSocket (/api/v1/events?shop=2). Only safe methods take it: a change must come
// from script that can set headers, never from a link or form. With X-Shop-Id the
// parameter is not read. Routes that check their query parameters strictly (the
// conversation list) do not take `shop` at all: they answer 400 for it, so use the
// header there.
std::variant<Agent, Response> AuthenticateSession(ApiContext& context, store::Database& db,
                                                  const Request& request,
                                                  const std::string& token) {
  services::AccountService accounts(db, context.clock, context.login);
  auto who = accounts.Resume(token);
  if (!who) return Response::FromError(who.error());
  if (!Safe(request.method)) {
    const std::string& sent = request.Header("x-csrf-token");
    if (sent.empty() || !ConstantTimeEquals(sent, who->session.csrf_token)) {
      return Response::FromError(Error::PermissionDenied(
          "a change made with a session cookie needs the X-CSRF-Token header (the csrf_token "
          "of GET /api/v1/session)"));
    }
  }
  const std::string& origin = request.Header("origin");
  if (!request.Header("upgrade").empty() && !origin.empty()) {
    const std::string& host = request.Header("host");
    if (origin != "http://" + host && origin != "https://" + host) {
      return Response::FromError(
          Error::PermissionDenied("a WebSocket opened from another site is refused"));
    }
  }
  std::string_view shop_header = request.Header("x-shop-id");
  if (const std::string* param = request.QueryParam("shop");
      shop_header.empty() && param && (request.method == "GET" || request.method == "HEAD")) {
    shop_header = *param;
  }
  if (shop_header.empty()) {
    if (who->memberships.size() == 1) return who->memberships.front();
    return Response::FromError(Error::InvalidArgument(
        "this account works in several shops: name one with the X-Shop-Id header (a GET, "
        "such as the /api/v1/events WebSocket, may use the shop query parameter instead)"));
  }
  for (const auto& agent : who->memberships) {
    if (std::to_string(agent.shop_id) == shop_header) return agent;
  }
  // The same answer for a shop that does not exist and one of somebody else.
  return Response::FromError(Error::NotFound("shop", shop_header));
}

// The agent an "Authorization: Bearer" API token was issued to.
std::variant<Agent, Response> BearerAgent(ApiContext& context, store::Database& db,
                                          const Request& request) {
  auto token = BearerToken(request);
  if (!token) {
    return Response::FromError(Error::Unauthenticated(
        token.error().message + ", or log in (POST /api/v1/session) for a session cookie"));
  }
  services::AdminService admin(db, context.clock);
  auto agent = admin.Authenticate(*token);
  if (!agent) {
    Response r = Response::FromError(agent.error());
    if (r.status == 401) r.SetHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return r;
  }
  return *agent;
}

// The body as a JSON object (400 when it is not one), read by a JsonFields allowing
// `fields`.
Response WithFields(const Request& request, const FieldNames& fields,
                    const std::function<Response(JsonFields&)>& handler) {
  auto body = ParseJsonObject(request);
  if (!body) return Response::FromError(body.error());
  JsonFields f(*body, fields);
  return handler(f);
}

}  // namespace

std::variant<Agent, Response> AuthenticateWith(ApiContext& context, store::Database& db,
                                               const Request& request, Access access) {
  std::optional<std::variant<Agent, Response>> by_cookie;
  if (request.Header("authorization").empty()) {
    if (auto cookie = CookieValue(request, kSessionCookie)) {
      by_cookie = AuthenticateSession(context, db, request, *cookie);
    }
  }
  std::variant<Agent, Response> who =
      by_cookie ? std::move(*by_cookie) : BearerAgent(context, db, request);
  if (auto* refusal = std::get_if<Response>(&who)) return std::move(*refusal);
  const Agent& agent = std::get<Agent>(who);
  if (access == Access::kWrite && !RoleCanWrite(agent.role)) {
    return Response::FromError(
        Error::PermissionDenied("the viewer role can read but not change anything")
            .WithReason("permission.viewer"));
  }
  if (access == Access::kManage && !RoleCanManage(agent.role)) {
    return Response::FromError(
        Error::PermissionDenied("only an owner or admin of the shop can do this")
            .WithReason("permission.manager_only"));
  }
  if (access == Access::kOwner && agent.role != Role::kOwner) {
    return Response::FromError(Error::PermissionDenied("only an owner of the shop can do this")
                                   .WithReason("permission.owner_only"));
  }
  return who;
}

Response Authenticated(ApiContext& context, const Request& request, Access access,
                       const std::function<Response(store::Database&, const Agent&)>& handler) {
  auto lease = context.pool.Acquire();
  if (!lease) return Response::FromError(lease.error());
  auto who = AuthenticateWith(context, **lease, request, access);
  if (auto* refusal = std::get_if<Response>(&who)) return std::move(*refusal);
  return handler(**lease, std::get<Agent>(who));
}

Response WithId(
    ApiContext& context, const Request& request, Access access,
    const std::function<Response(store::Database&, const Agent&, std::int64_t)>& handler) {
  return Authenticated(context, request, access, [&](store::Database& db, const Agent& agent) {
    auto id = PathInt(request, "id");
    if (!id) return Response::FromError(id.error());
    return handler(db, agent, *id);
  });
}

Response WithBody(
    ApiContext& context, const Request& request, Access access, const FieldNames& fields,
    const std::function<Response(store::Database&, const Agent&, JsonFields&)>& handler) {
  return Authenticated(context, request, access, [&](store::Database& db, const Agent& agent) {
    return WithFields(request, fields, [&](JsonFields& f) { return handler(db, agent, f); });
  });
}

Response WithIdAndBody(ApiContext& context, const Request& request, Access access,
                       const FieldNames& fields,
                       const std::function<Response(store::Database&, const Agent&, std::int64_t,
                                                    JsonFields&)>& handler) {
  return WithId(context, request, access,
                [&](store::Database& db, const Agent& agent, std::int64_t id) {
                  return WithFields(request, fields,
                                    [&](JsonFields& f) { return handler(db, agent, id, f); });
                });
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
  api::RegisterSessionRoutes(router, context);
  api::RegisterConversationRoutes(router, context);
  api::RegisterResourceRoutes(router, context);
  api::RegisterAdminRoutes(router, context);
  api::RegisterPrivacyRoutes(router, context);
  api::RegisterSavedReplyRoutes(router, context);
  api::RegisterSlaRoutes(router, context);
  api::RegisterReportRoutes(router, context);
  api::RegisterInboxViewRoutes(router, context);
  hooks::RegisterHookRoutes(router, context);
  public_site::RegisterPublicRoutes(router, context);
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
