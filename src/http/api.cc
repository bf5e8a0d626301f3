#include "http/api.h"

#include <nlohmann/json.hpp>

#include "http/metrics.h"
#include "services/admin_service.h"

namespace shopdesk::http {

bool IsUploadRoute(const std::string& method, const std::string& path) {
  return method == "POST" && path.starts_with("/api/v1/channels/") && path.ends_with("/messages");
}

namespace api {

Response Authenticated(ApiContext& context, const Request& request, Access access,
                       const std::function<Response(store::Database&, const Agent&)>& handler) {
  const std::string& authorization = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() ||
      !std::string_view(authorization).starts_with(kBearer)) {
    Response r = Response::FromError(
        Error::Unauthenticated("send an API token as 'Authorization: Bearer <token>' (create one "
                               "with `shopdesk user add`)"));
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  auto lease = context.pool.Acquire();
  if (!lease) return Response::FromError(lease.error());
  services::AdminService admin(**lease, context.clock);
  auto agent = admin.Authenticate(authorization.substr(kBearer.size()));
  if (!agent) {
    Response r = Response::FromError(agent.error());
    if (r.status == 401)
      r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
    return r;
  }
  if (access == Access::kWrite && !RoleCanWrite(agent->role)) {
    return Response::FromError(
        Error::PermissionDenied("the viewer role can read but not change anything"));
  }
  return handler(**lease, *agent);
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
    return Response::Json(200, {{"status", "ok"}, {"database", "ok"}});
  });
  router.Add("GET", "/metrics", [](Request&) {
    return Response::Text(200, Metrics::Global().Render(),
                          "text/plain; version=0.0.4; charset=utf-8");
  });
  api::RegisterConversationRoutes(router, context);
  api::RegisterResourceRoutes(router, context);
}

}  // namespace shopdesk::http
