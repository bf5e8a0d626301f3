// What owners and admins manage: the shop's settings, channels, agents (roles, removal,
// password resets, API tokens), teams, and the audit log (owners only).
#include <nlohmann/json.hpp>

#include "http/api/api.h"
#include "http/api/json_body.h"
#include "services/agent_management.h"
#include "services/invitations.h"
#include "services/shop_directory.h"
#include "services/shop_settings.h"
#include "views/error_json.h"
#include "views/json_views.h"

namespace shopdesk::http::api {
namespace {

using nlohmann::json;

Result<Role> RoleField(const std::string& name) {
  auto role = ParseRole(name);
  if (!role) return Error::InvalidArgument("role must be owner, admin, agent or viewer");
  return *role;
}

// The fields of a channel body: `common` and every setting some kind takes (a setting
// its kind does not take is refused by the service, naming the kind).
FieldNames ChannelBodyFields(const channels::ChannelRegistry& registry, FieldNames common) {
  for (const auto* field : registry.AllSettingFields()) common.push_back(field->name);
  return common;
}

// Reads the address, display name and settings a channel body may carry into `change`;
// a flag is a JSON boolean.
void ReadChannelFields(const channels::ChannelRegistry& registry, JsonFields& f,
                       services::ChannelChange& change) {
  change.address = f.OptionalString("address");
  change.display_name = f.OptionalString("display_name");
  for (const auto* field : registry.AllSettingFields()) {
    if (field->type == channels::SettingField::Type::kFlag) {
      if (auto flag = f.OptionalBool(field->name)) {
        change.settings[field->name] = *flag ? "true" : "false";
      }
    } else if (auto text = f.OptionalString(field->name)) {
      change.settings[field->name] = *text;
    }
  }
}

}  // namespace

void RegisterAdminRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/settings", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto shop = services::ShopDirectory(db).FindShop(agent.shop_id);
      if (!shop) return Response::FromError(shop.error());
      return Response::Json(200, views::ShopJson(*shop));
    });
  });

  router.Add("PATCH", "/api/v1/settings", [&ctx](Request& req) {
    return WithBody(ctx, req, Access::kManage, {"name", "time_zone", "system_senders"},
                    [&](store::Database& db, const Agent& agent, JsonFields& f) {
                      services::ShopChange change{f.OptionalString("name"),
                                                  f.OptionalString("time_zone"),
                                                  f.OptionalStringArray("system_senders")};
                      if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
                      services::ShopSettings settings(db, ctx.clock, agent, req.remote_address);
                      auto shop = settings.UpdateShop(change);
                      if (!shop) return Response::FromError(shop.error());
                      return Response::Json(200, views::ShopJson(*shop));
                    });
  });

  router.Add("POST", "/api/v1/channels", [&ctx](Request& req) {
    return WithBody(ctx, req, Access::kManage,
                    ChannelBodyFields(*ctx.registry, {"kind", "name", "address", "display_name"}),
                    [&](store::Database& db, const Agent& agent, JsonFields& f) {
                      Channel channel;
                      channel.kind = f.OptionalString("kind").value_or("email");
                      channel.name = f.RequiredString("name");
                      services::ChannelChange fields;
                      ReadChannelFields(*ctx.registry, f, fields);
                      if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
                      channel.address = fields.address.value_or("");
                      channel.display_name = fields.display_name.value_or("");
                      services::ShopSettings settings(db, ctx.clock, agent, req.remote_address,
                                                      *ctx.registry);
                      auto created = settings.AddChannel(std::move(channel), fields.settings);
                      if (!created) return Response::FromError(created.error());
                      return Response::Json(201, views::ChannelJson(*created, *ctx.registry));
                    });
  });

  // A connection test of settings as the channel form holds them, stored nowhere.
  router.Add("POST", "/api/v1/channels/test", [&ctx](Request& req) {
    return WithBody(
        ctx, req, Access::kManage,
        ChannelBodyFields(*ctx.registry, {"channel_id", "address", "display_name"}),
        [&](store::Database& db, const Agent& agent, JsonFields& f) {
          const auto channel_id = f.OptionalInt("channel_id");
          services::ChannelChange change;
          ReadChannelFields(*ctx.registry, f, change);
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          services::ShopSettings settings(db, ctx.clock, agent, req.remote_address, *ctx.registry);
          auto checks = settings.TestChannel(channel_id, change);
          if (!checks) return Response::FromError(checks.error());
          return Response::Json(200, {{"checks", views::ConnectionChecksJson(*checks)}});
        });
  });

  router.Add("PATCH", "/api/v1/channels/{id}", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kManage, ChannelBodyFields(*ctx.registry, {"address", "display_name"}),
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          services::ChannelChange change;
          ReadChannelFields(*ctx.registry, f, change);
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          services::ShopSettings settings(db, ctx.clock, agent, req.remote_address, *ctx.registry);
          auto channel = settings.UpdateChannel(id, change);
          if (!channel) return Response::FromError(channel.error());
          return Response::Json(200, views::ChannelJson(*channel, *ctx.registry));
        });
  });

  router.Add("POST", "/api/v1/agents", [&ctx](Request& req) {
    return WithBody(
        ctx, req, Access::kManage, {"email", "name", "role"},
        [&](store::Database& db, const Agent& agent, JsonFields& f) {
          const std::string email = f.RequiredString("email");
          const std::string name = f.OptionalString("name").value_or("");
          const std::string role_name = f.RequiredString("role");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          auto role = RoleField(role_name);
          if (!role) return Response::FromError(role.error());
          services::AgentManagement agents(db, ctx.clock, agent, req.remote_address, ctx.login);
          auto added = agents.Add(email, name, *role);
          if (!added) return Response::FromError(added.error());
          return Response::Json(
              201, {{"agent", views::AgentJson(added->agent)}, {"api_token", added->api_token}});
        });
  });

  router.Add("PATCH", "/api/v1/agents/{id}", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kManage, {"name", "role", "active"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          services::AgentChange change;
          change.name = f.OptionalString("name");
          const auto role_name = f.OptionalString("role");
          change.active = f.OptionalBool("active");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          if (role_name) {
            auto role = RoleField(*role_name);
            if (!role) return Response::FromError(role.error());
            change.role = *role;
          }
          services::AgentManagement agents(db, ctx.clock, agent, req.remote_address, ctx.login);
          auto updated = agents.Update(id, change);
          if (!updated) return Response::FromError(updated.error());
          return Response::Json(200, views::AgentJson(*updated));
        });
  });

  router.Add("POST", "/api/v1/agents/{id}/password", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kManage, {"password"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          const std::string password = f.RequiredString("password");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          services::AgentManagement agents(db, ctx.clock, agent, req.remote_address, ctx.login);
          if (auto reset = agents.ResetPassword(id, password); !reset) {
            return Response::FromError(reset.error());
          }
          return Response::NoContent();
        });
  });

  // A link for the agent to set their own password, mailed to them when the shop can
  // send mail; the link is in the answer either way, for passing on by hand.
  router.Add("POST", "/api/v1/agents/{id}/invitation", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kManage, {"desk_url"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          const std::string desk_url = f.RequiredString("desk_url");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          // The desk's address as the inviting manager's browser sees it: the link opens
          // the same desk. Only an origin (scheme, host, port) is taken.
          const bool origin =
              (desk_url.starts_with("https://") || desk_url.starts_with("http://")) &&
              desk_url.find_first_of(" /?#@\\", desk_url.find("://") + 3) == std::string::npos;
          if (!origin) {
            return Response::FromError(Error::InvalidArgument(
                "desk_url must be the desk's origin, e.g. https://desk.example.jp"));
          }
          services::AgentManagement agents(db, ctx.clock, agent, req.remote_address, ctx.login);
          auto invitation = agents.Invite(id);
          if (!invitation) return Response::FromError(invitation.error());
          const std::string link = desk_url + "/invite/" + invitation->token;
          const Status mailed = services::Invitations(db, ctx.clock, ctx.login)
                                    .Mail(invitation->agent, link, invitation->expires_at);
          return Response::Json(
              201, {{"link", link},
                    {"expires_at", FormatIso8601(invitation->expires_at)},
                    {"mailed", bool(mailed)},
                    {"mail_error",
                     mailed ? nlohmann::json() : views::ErrorBody(mailed.error())["error"]}});
        });
  });

  // Any role may issue itself a token; AgentManagement lets only managers issue
  // tokens for others.
  router.Add("POST", "/api/v1/agents/{id}/tokens", [&ctx](Request& req) {
    return WithId(
        ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent, std::int64_t id) {
          services::AgentManagement agents(db, ctx.clock, agent, req.remote_address, ctx.login);
          auto token = agents.IssueToken(id);
          if (!token) return Response::FromError(token.error());
          return Response::Json(201, {{"api_token", *token}});
        });
  });

  router.Add("GET", "/api/v1/teams", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto teams = services::ShopDirectory(db).Teams(agent.shop_id);
      if (!teams) return Response::FromError(teams.error());
      return Response::Json(200, views::ItemsJson(*teams, views::TeamJson));
    });
  });

  router.Add("POST", "/api/v1/teams", [&ctx](Request& req) {
    return WithBody(ctx, req, Access::kManage, {"name"},
                    [&](store::Database& db, const Agent& agent, JsonFields& f) {
                      const std::string name = f.RequiredString("name");
                      if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
                      services::ShopSettings settings(db, ctx.clock, agent, req.remote_address);
                      auto team = settings.CreateTeam(name);
                      if (!team) return Response::FromError(team.error());
                      return Response::Json(201, views::TeamJson(*team));
                    });
  });

  router.Add("PUT", "/api/v1/teams/{id}/members", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kManage, {"agent_ids"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          auto members = f.RequiredIdArray("agent_ids");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          services::ShopSettings settings(db, ctx.clock, agent, req.remote_address);
          auto team = settings.SetTeamMembers(id, std::move(members));
          if (!team) return Response::FromError(team.error());
          return Response::Json(200, views::TeamJson(*team));
        });
  });

  router.Add("DELETE", "/api/v1/teams/{id}", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kManage,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    services::ShopSettings settings(db, ctx.clock, agent, req.remote_address);
                    if (auto deleted = settings.DeleteTeam(id); !deleted) {
                      return Response::FromError(deleted.error());
                    }
                    return Response::NoContent();
                  });
  });

  router.Add("GET", "/api/v1/audit", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kOwner, [&](store::Database& db, const Agent& agent) {
      std::int64_t before = 0, limit = 100;
      const std::string* before_text = req.QueryParam("before");
      const std::string* limit_text = req.QueryParam("limit");
      const std::string* action = req.QueryParam("action");
      for (const std::string* v : {before_text, limit_text}) {
        if (v && (v->empty() || v->size() > 18 ||
                  v->find_first_not_of("0123456789") != std::string::npos)) {
          return Response::FromError(
              Error::InvalidArgument("'before' and 'limit' must be whole numbers"));
        }
      }
      if (before_text) before = std::stoll(*before_text);
      if (limit_text) limit = std::clamp<std::int64_t>(std::stoll(*limit_text), 1, 500);
      auto entries = services::ShopDirectory(db).Audit(agent.shop_id, before, action ? *action : "",
                                                       static_cast<int>(limit));
      if (!entries) return Response::FromError(entries.error());
      json body = views::ItemsJson(*entries, views::AuditJson);
      const bool more = static_cast<std::int64_t>(entries->size()) == limit;
      body["next_before"] = more ? json(entries->back().id) : json();
      return Response::Json(200, body);
    });
  });
}

}  // namespace shopdesk::http::api
