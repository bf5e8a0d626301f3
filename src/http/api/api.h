#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <variant>

#include "channels/channel_registry.h"
#include "core/agent.h"
#include "core/clock.h"
#include "core/reply_lint.h"
#include "http/api/json_body.h"
#include "http/server/router.h"
#include "http/server/websocket.h"
#include "services/account_service.h"
#include "services/event_hub.h"
#include "services/ingest_service.h"
#include "services/workers/ingest_committer.h"
#include "store/database_pool.h"

namespace shopdesk::http {

class PresenceBoard;

// What the API handlers share. Outlives the server.
struct ApiContext {
  store::DatabasePool& pool;
  const Clock& clock;
  services::IngestOptions ingest;
  // Called after a reply was queued (wakes the sender).
  std::function<void()> on_reply_queued = [] {};
  // Live events for /api/v1/events; nullptr: the endpoint refuses with 503.
  services::EventHub* events = nullptr;
  // Password hashing cost, lockout and session lifetimes.
  services::LoginPolicy login{};
  // Presence messages on /api/v1/events (presence_board.h); nullptr: they are ignored.
  PresenceBoard* presence = nullptr;
  // Stores uploaded mail in group commits; nullptr: each upload in its own transaction.
  services::IngestCommitter* committer = nullptr;
  // The channel adapters: what a channel body may set, how a channel is shown.
  const channels::ChannelRegistry* registry = &channels::BuiltInChannels();
};

// Registers every route of the REST API (docs/api/openapi.yaml) and /healthz, /metrics.
void RegisterApiRoutes(Router& router, ApiContext& context);

// Answers a WebSocket upgrade request (ServerOptions::websocket): /api/v1/events,
// anything else 404.
WebSocketUpgrade RouteWebSocket(ApiContext& context, Request& request);

// The body limit of the routes that take more than a JSON body may (ServerOptions::
// upload_limit): a raw mail upload, `raw_mail_bytes`; a reply with its files,
// ReplyUploadBytes(); 0 for every other route.
std::size_t UploadLimit(const std::string& method, const std::string& path,
                        std::size_t raw_mail_bytes);
// A reply's body with its files: the files' limit as base64 (a third more) and up to
// 4 MB for the text and the rest of the JSON.
std::size_t ReplyUploadBytes();

namespace api {

// What a route needs: reading (every role), changing conversations (not viewers),
// managing the shop (channels, agents, teams, settings, privacy requests: owners and
// admins), or reading the audit log (owners).
enum class Access { kRead, kWrite, kManage, kOwner };

// Authenticates the bearer token, checks the role for `access`, leases a database
// connection and runs `handler(db, agent)`. 401 without a valid token, 403 for a
// viewer writing, 503 when the database is unreachable.
// The agent behind the request, allowed `access`; or the response to send instead
// (401 with WWW-Authenticate, 403, 400). Either an "Authorization: Bearer" API token
// (the agent it was issued to), or the session cookie of a logged-in person (the
// shop in X-Shop-Id, or their only shop; X-CSRF-Token required on every change).
std::variant<Agent, Response> AuthenticateWith(ApiContext& context, store::Database& db,
                                               const Request& request, Access access);

Response Authenticated(ApiContext& context, const Request& request, Access access,
                       const std::function<Response(store::Database&, const Agent&)>& handler);

// The prologue every route on a resource repeats, once: Authenticated, then the path's
// {id} (400 when it is not a number), then the body as a JSON object (400 when it is
// not one; ParseJsonObject) read by a JsonFields that allows `fields`. The handler
// reads its fields and calls Finish() before it acts.
Response WithId(
    ApiContext& context, const Request& request, Access access,
    const std::function<Response(store::Database&, const Agent&, std::int64_t)>& handler);
Response WithBody(
    ApiContext& context, const Request& request, Access access, const FieldNames& fields,
    const std::function<Response(store::Database&, const Agent&, JsonFields&)>& handler);
Response WithIdAndBody(ApiContext& context, const Request& request, Access access,
                       const FieldNames& fields,
                       const std::function<Response(store::Database&, const Agent&, std::int64_t,
                                                    JsonFields&)>& handler);

// Stores one raw item (a mail, a site's push) that arrived for `channel`, as its adapter
// reads it: 201 with the message and conversation, 200 for one stored before.
Response StoreUpload(ApiContext& context, store::Database& db, const Channel& channel,
                     std::string raw);

void RegisterSessionRoutes(Router& router, ApiContext& context);
void RegisterConversationRoutes(Router& router, ApiContext& context);
void RegisterResourceRoutes(Router& router, ApiContext& context);
void RegisterAdminRoutes(Router& router, ApiContext& context);
void RegisterPrivacyRoutes(Router& router, ApiContext& context);
void RegisterSavedReplyRoutes(Router& router, ApiContext& context);
void RegisterSlaRoutes(Router& router, ApiContext& context);
void RegisterReportRoutes(Router& router, ApiContext& context);
void RegisterInboxViewRoutes(Router& router, ApiContext& context);

// The language of messages meant for people: ?lang=en, or an Accept-Language starting
// with "en"; Japanese otherwise.
UiLanguage LanguageOf(const Request& request);
// [{"code","message"}]
nlohmann::json WarningsJson(const std::vector<LintWarning>& warnings);

}  // namespace api
}  // namespace shopdesk::http
