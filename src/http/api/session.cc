// Logging in and out with e-mail and password: POST/GET/DELETE /api/v1/session and
// POST /api/v1/session/password; and, before any login, an invitation link's page:
// GET/POST /api/v1/invitations/{token}.
#include <nlohmann/json.hpp>
#include <variant>

#include "http/api/api.h"
#include "http/api/json_body.h"
#include "http/server/cookies.h"
#include "services/account_service.h"
#include "services/invitations.h"
#include "services/shop_directory.h"

namespace shopdesk::http::api {
namespace {

using nlohmann::json;

json SessionJson(store::Database& db, const services::SessionContext& who) {
  json shops = json::array();
  for (const auto& agent : who.memberships) {
    auto shop = services::ShopDirectory(db).FindShop(agent.shop_id);
    shops.push_back({{"id", agent.shop_id},
                     {"slug", shop ? shop->slug : ""},
                     {"name", shop ? shop->name : ""},
                     {"agent_id", agent.id},
                     {"role", RoleName(agent.role)}});
  }
  return {{"account",
           {{"id", who.account.id}, {"email", who.account.email}, {"name", who.account.name}}},
          {"shops", shops},
          {"csrf_token", who.session.csrf_token},
          {"expires_at", FormatIso8601(who.session.expires_at)}};
}

// The session of the request's cookie, or the response to send.
std::variant<services::SessionContext, Response> CurrentSession(ApiContext& ctx,
                                                                store::Database& db,
                                                                const Request& req) {
  auto cookie = CookieValue(req, kSessionCookie);
  if (!cookie)
    return Response::FromError(Error::Unauthenticated("log in first (POST /api/v1/session)"));
  services::AccountService accounts(db, ctx.clock, ctx.login);
  auto who = accounts.Resume(*cookie);
  if (!who) return Response::FromError(who.error());
  if (req.method != "GET") {
    const std::string& sent = req.Header("x-csrf-token");
    if (sent.empty() || !ConstantTimeEquals(sent, who->session.csrf_token)) {
      return Response::FromError(
          Error::PermissionDenied("send the session's csrf_token in the X-CSRF-Token header"));
    }
  }
  return std::move(*who);
}

}  // namespace

void RegisterSessionRoutes(Router& router, ApiContext& ctx) {
  // Public: the link itself is the credential (services/invitations.h).
  router.Add("GET", "/api/v1/invitations/{token}", [&ctx](Request& req) {
    auto lease = ctx.pool.Acquire();
    if (!lease) return Response::FromError(lease.error());
    auto info =
        services::Invitations(**lease, ctx.clock, ctx.login).LookUp(req.path_params["token"]);
    if (!info) return Response::FromError(info.error());
    return Response::Json(200, {{"shop_name", info->shop_name},
                                {"email", info->email},
                                {"name", info->name},
                                {"expires_at", FormatIso8601(info->expires_at)}});
  });

  router.Add("POST", "/api/v1/invitations/{token}", [&ctx](Request& req) {
    auto body = ParseJsonObject(req);
    if (!body) return Response::FromError(body.error());
    JsonFields f(*body, {"password"});
    const std::string password = f.RequiredString("password");
    if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
    auto lease = ctx.pool.Acquire();
    if (!lease) return Response::FromError(lease.error());
    services::Invitations invitations(**lease, ctx.clock, ctx.login);
    if (auto ok = invitations.Accept(req.path_params["token"], password, req.remote_address); !ok) {
      return Response::FromError(ok.error());
    }
    return Response::NoContent();
  });

  router.Add("POST", "/api/v1/session", [&ctx](Request& req) {
    auto body = ParseJsonObject(req);
    if (!body) return Response::FromError(body.error());
    JsonFields f(*body, {"email", "password"});
    const std::string email = f.RequiredString("email");
    const std::string password = f.RequiredString("password");
    if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
    auto lease = ctx.pool.Acquire();
    if (!lease) return Response::FromError(lease.error());
    services::AccountService accounts(**lease, ctx.clock, ctx.login);
    auto login = accounts.Login(email, password, req.remote_address);
    if (!login) return Response::FromError(login.error());
    Response r = Response::Json(200, SessionJson(**lease, login->context));
    const auto lifetime = (login->context.session.expires_at - ctx.clock.Now()) / 1000;
    r.headers.emplace_back("Set-Cookie", SessionCookie(req, login->token, lifetime));
    return r;
  });

  router.Add("GET", "/api/v1/session", [&ctx](Request& req) {
    auto lease = ctx.pool.Acquire();
    if (!lease) return Response::FromError(lease.error());
    auto who = CurrentSession(ctx, **lease, req);
    if (auto* refusal = std::get_if<Response>(&who)) {
      // ?optional=1: "not logged in" is an answer, not an error (the web UI asks this
      // on every page load, and browsers log every 401 as a console error).
      const std::string* optional = req.QueryParam("optional");
      if (optional && *optional == "1" && refusal->status == 401) return Response::NoContent();
      return std::move(*refusal);
    }
    return Response::Json(200, SessionJson(**lease, std::get<services::SessionContext>(who)));
  });

  router.Add("DELETE", "/api/v1/session", [&ctx](Request& req) {
    auto lease = ctx.pool.Acquire();
    if (!lease) return Response::FromError(lease.error());
    auto who = CurrentSession(ctx, **lease, req);
    if (auto* refusal = std::get_if<Response>(&who)) return std::move(*refusal);
    services::AccountService accounts(**lease, ctx.clock, ctx.login);
    if (auto done = accounts.Logout(*CookieValue(req, kSessionCookie)); !done) {
      return Response::FromError(done.error());
    }
    Response r = Response::NoContent();
    r.headers.emplace_back("Set-Cookie", ExpiredSessionCookie(req));
    return r;
  });

  router.Add("POST", "/api/v1/session/password", [&ctx](Request& req) {
    auto body = ParseJsonObject(req);
    if (!body) return Response::FromError(body.error());
    JsonFields f(*body, {"current_password", "new_password"});
    const std::string current = f.RequiredString("current_password");
    const std::string replacement = f.RequiredString("new_password");
    if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
    auto lease = ctx.pool.Acquire();
    if (!lease) return Response::FromError(lease.error());
    auto who = CurrentSession(ctx, **lease, req);
    if (auto* refusal = std::get_if<Response>(&who)) return std::move(*refusal);
    services::AccountService accounts(**lease, ctx.clock, ctx.login);
    auto changed =
        accounts.ChangePassword(std::get<services::SessionContext>(who), current, replacement);
    if (!changed) return Response::FromError(changed.error());
    return Response::NoContent();
  });
}

}  // namespace shopdesk::http::api
