// /api/v1/views: saved inbox views, each agent's own and those shared with the shop.
#include "services/inbox_views.h"

#include <nlohmann/json.hpp>

#include "http/api/api.h"
#include "http/api/json_body.h"

namespace shopdesk::http::api {
namespace {

using nlohmann::json;

json ViewJson(const InboxView& v) {
  return {{"id", v.id},
          {"name", v.name},
          {"query", v.query},
          {"shared", !v.owner_id.has_value()},
          {"created_at", FormatIso8601(v.created_at)}};
}

}  // namespace

void RegisterInboxViewRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/views", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto views = services::InboxViews(db, ctx.clock).List(agent);
      if (!views) return Response::FromError(views.error());
      json items = json::array();
      for (const auto& v : *views) items.push_back(ViewJson(v));
      return Response::Json(200, {{"items", std::move(items)}});
    });
  });

  router.Add("POST", "/api/v1/views", [&ctx](Request& req) {
    return WithBody(ctx, req, Access::kRead, {"name", "query", "shared"},
                    [&](store::Database& db, const Agent& agent, JsonFields& f) {
                      std::string name = f.RequiredString("name");
                      std::string query = f.OptionalString("query").value_or("");
                      const bool shared = f.OptionalBool("shared").value_or(false);
                      if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
                      auto created = services::InboxViews(db, ctx.clock)
                                         .Create(agent, std::move(name), std::move(query), shared);
                      if (!created) return Response::FromError(created.error());
                      return Response::Json(201, ViewJson(*created));
                    });
  });

  router.Add("DELETE", "/api/v1/views/{id}", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kRead,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    auto done = services::InboxViews(db, ctx.clock).Delete(agent, id);
                    if (!done) return Response::FromError(done.error());
                    return Response::NoContent();
                  });
  });
}

}  // namespace shopdesk::http::api
