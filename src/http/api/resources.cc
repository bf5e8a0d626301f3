// Shops, channels (and raw mail upload), agents, customers, message sources, retries
// and attachment downloads.
#include <nlohmann/json.hpp>

#include "http/api/api.h"
#include "http/api/json_body.h"
#include "http/server/metrics.h"
#include "services/agent_management.h"
#include "services/customer_names.h"
#include "services/inbound/inbound_pipeline.h"
#include "services/ingest_service.h"
#include "services/reply_service.h"
#include "services/shop_directory.h"
#include "services/stored_files.h"
#include "views/json_views.h"

namespace shopdesk::http::api {
namespace {

using nlohmann::json;

}  // namespace

Response StoreUpload(ApiContext& ctx, store::Database& db, const Channel& channel,
                     std::string raw) {
  Result<services::IngestOutcome> outcome = Error::Unavailable("not stored");
  if (ctx.committer) {
    // Parsed on this request's thread; answered after the commit that holds it.
    auto rules = services::LoadInboundShopRules(db, channel.shop_id);
    if (!rules) return Response::FromError(rules.error());
    auto item =
        services::PrepareInboundItem(channel, ctx.committer->options(), *rules, std::move(raw));
    outcome = ctx.committer->Submit(channel, std::move(item)).get();
  } else {
    services::IngestService ingest(db, ctx.clock, ctx.ingest);
    outcome = ingest.Ingest(channel, std::move(raw));
  }
  if (!outcome) return Response::FromError(outcome.error());
  Metrics::Global().CountIngested(outcome->duplicate);
  if (outcome->auto_replied) ctx.on_reply_queued();
  return Response::Json(outcome->duplicate ? 200 : 201,
                        {{"message_id", outcome->message_id},
                         {"conversation_id", outcome->conversation_id},
                         {"duplicate", outcome->duplicate},
                         {"new_conversation", outcome->new_conversation},
                         {"auto_replied", outcome->auto_replied},
                         {"decode_note", outcome->decode_note}});
}

void RegisterResourceRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/shops", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto shop = services::ShopDirectory(db).FindShop(agent.shop_id);
      if (!shop) return Response::FromError(shop.error());
      json item = views::ShopJson(*shop);
      // What a reply may carry, so the desk names the limit before anything is sent.
      item["reply_limits"] = {{"attachments", services::kMaxReplyAttachments},
                              {"attachment_bytes", services::kMaxReplyAttachmentBytes}};
      return Response::Json(200, {{"items", json::array({std::move(item)})}});
    });
  });

  router.Add("GET", "/api/v1/channels", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto channels = services::ShopDirectory(db).Channels(agent.shop_id);
      if (!channels) return Response::FromError(channels.error());
      return Response::Json(200, views::ItemsJson(*channels, [&](const Channel& c) {
                              return views::ChannelJson(c, *ctx.registry);
                            }));
    });
  });

  router.Add("POST", "/api/v1/channels/{id}/messages", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kWrite,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    auto channel = services::ShopDirectory(db).FindChannel(agent.shop_id, id);
                    if (!channel) return Response::FromError(channel.error());
                    return StoreUpload(ctx, db, *channel, std::move(req.body));
                  });
  });

  router.Add("GET", "/api/v1/agents", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto agents =
          services::AgentManagement(db, ctx.clock, agent, req.remote_address, ctx.login).List();
      if (!agents) return Response::FromError(agents.error());
      const Timestamp now = ctx.clock.Now();
      return Response::Json(200, views::ItemsJson(*agents, [now](const AgentLogin& a) {
                              return views::AgentLoginJson(a, now);
                            }));
    });
  });

  router.Add("GET", "/api/v1/customers", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      const std::string* q = req.QueryParam("q");
      const std::string* after = req.QueryParam("after");
      const std::string* limit_text = req.QueryParam("limit");
      std::int64_t after_id = 0, limit = 50;
      try {
        if (after) after_id = std::stoll(*after);
        if (limit_text) limit = std::clamp<std::int64_t>(std::stoll(*limit_text), 1, 200);
      } catch (...) {
        return Response::FromError(Error::InvalidArgument("'after' and 'limit' must be numbers"));
      }
      auto customers = services::ShopDirectory(db).Customers(agent.shop_id, q ? *q : "", after_id,
                                                             static_cast<int>(limit));
      if (!customers) return Response::FromError(customers.error());
      const bool more = static_cast<std::int64_t>(customers->size()) == limit;
      json body = views::ItemsJson(*customers, views::CustomerJson);
      body["next_after"] = more ? json(customers->back().id) : json();
      return Response::Json(200, body);
    });
  });

  router.Add("GET", "/api/v1/customers/{id}", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kRead,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    auto customer = services::ShopDirectory(db).FindCustomer(agent.shop_id, id);
                    if (!customer) return Response::FromError(customer.error());
                    return Response::Json(200, views::CustomerJson(*customer));
                  });
  });

  router.Add("PATCH", "/api/v1/customers/{id}", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kWrite, {"name", "family_name", "given_name"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          services::CustomerNameChange change{f.OptionalString("name"),
                                              f.OptionalString("family_name"),
                                              f.OptionalString("given_name")};
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          auto customer = services::ChangeCustomerNames(db, agent.shop_id, id, change);
          if (!customer) return Response::FromError(customer.error());
          return Response::Json(200, views::CustomerJson(*customer));
        });
  });

  router.Add("GET", "/api/v1/messages/{id}/raw", [&ctx](Request& req) {
    return WithId(
        ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent, std::int64_t id) {
          auto file = services::StoredFiles(db).RawSource(agent.shop_id, id);
          if (!file) return Response::FromError(file.error());
          return Response::Download(file->content_type, std::move(file->bytes), file->filename);
        });
  });

  router.Add("POST", "/api/v1/messages/{id}/retry", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kWrite,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    services::ReplyService replies(db, ctx.clock);
                    auto message = replies.RetryDelivery(agent.shop_id, id);
                    if (!message) return Response::FromError(message.error());
                    ctx.on_reply_queued();
                    return Response::Json(200, views::MessageJson(*message));
                  });
  });

  router.Add("POST", "/api/v1/messages/{id}/mark-sent", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kWrite,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    services::ReplyService replies(db, ctx.clock);
                    auto message = replies.MarkSent(agent.shop_id, id, agent.id);
                    if (!message) return Response::FromError(message.error());
                    return Response::Json(200, views::MessageJson(*message));
                  });
  });

  router.Add("GET", "/api/v1/attachments/{id}", [&ctx](Request& req) {
    return WithId(
        ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent, std::int64_t id) {
          auto file = services::StoredFiles(db).Attachment(agent.shop_id, id);
          if (!file) return Response::FromError(file.error());
          return Response::Download(file->content_type, std::move(file->bytes), file->filename);
        });
  });
}

}  // namespace shopdesk::http::api
