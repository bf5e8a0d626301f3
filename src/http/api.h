#pragma once

#include <functional>

#include "core/agent.h"
#include "core/clock.h"
#include "http/router.h"
#include "services/ingest_service.h"
#include "store/database_pool.h"

namespace shopdesk::http {

// What the API handlers share. Outlives the server.
struct ApiContext {
  store::DatabasePool& pool;
  const Clock& clock;
  services::IngestOptions ingest;
  // Called after a reply was queued (wakes the sender).
  std::function<void()> on_reply_queued = [] {};
};

// Registers every route of the REST API (docs/api/openapi.yaml) and /healthz, /metrics.
void RegisterApiRoutes(Router& router, ApiContext& context);

// True for routes whose body is a raw upload (a mail) rather than JSON.
bool IsUploadRoute(const std::string& method, const std::string& path);

namespace api {

enum class Access { kRead, kWrite };

// Authenticates the bearer token, checks the role for `access`, leases a database
// connection and runs `handler(db, agent)`. 401 without a valid token, 403 for a
// viewer writing, 503 when the database is unreachable.
Response Authenticated(ApiContext& context, const Request& request, Access access,
                       const std::function<Response(store::Database&, const Agent&)>& handler);

void RegisterConversationRoutes(Router& router, ApiContext& context);
void RegisterResourceRoutes(Router& router, ApiContext& context);

}  // namespace api
}  // namespace shopdesk::http
