// Data-subject requests: everything held about a customer, and its erasure. Owners and
// admins only; both are recorded in the audit log.
#include <nlohmann/json.hpp>

#include "http/api/api.h"
#include "http/api/json_body.h"
#include "services/privacy_service.h"
#include "services/shop_directory.h"
#include "views/json_views.h"

namespace shopdesk::http::api {

void RegisterPrivacyRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/customers/{id}/export", [&ctx](Request& req) {
    return WithId(
        ctx, req, Access::kManage, [&](store::Database& db, const Agent& agent, std::int64_t id) {
          services::PrivacyService privacy(db, ctx.clock);
          auto record = privacy.Export(agent.shop_id, id,
                                       services::Actor::OfAgent(agent, req.remote_address));
          if (!record) return Response::FromError(record.error());
          auto shop = services::ShopDirectory(db).FindShop(agent.shop_id);
          if (!shop) return Response::FromError(shop.error());
          Response r =
              Response::Json(200, views::PrivacyExportJson(*shop, *record, ctx.clock.Now()));
          r.SetHeader("Content-Disposition",
                      "attachment; filename=\"customer-" + std::to_string(id) + ".json\"");
          return r;
        });
  });

  router.Add("POST", "/api/v1/customers/{id}/erase", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kManage, {"confirm"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          const bool confirm = f.RequiredBool("confirm");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          if (!confirm) {
            return Response::FromError(Error::InvalidArgument(
                "erasure cannot be undone: send {\"confirm\": true} to erase this customer"));
          }
          services::PrivacyService privacy(db, ctx.clock);
          auto counts =
              privacy.Erase(agent.shop_id, id, services::Actor::OfAgent(agent, req.remote_address));
          if (!counts) return Response::FromError(counts.error());
          return Response::Json(200, {{"customer_id", id},
                                      {"erased", true},
                                      {"conversations", counts->conversations},
                                      {"messages", counts->messages},
                                      {"attachments", counts->attachments},
                                      {"blobs_deleted", counts->blobs_deleted},
                                      {"outbox_jobs_cancelled", counts->outbox_jobs_cancelled}});
        });
  });
}

}  // namespace shopdesk::http::api
