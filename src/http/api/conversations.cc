// /api/v1/conversations and what agents do with one: reply, note, status, assign,
// tags, flags.
#include <nlohmann/json.hpp>

#include "core/base64.h"
#include "http/api/api.h"
#include "http/api/json_body.h"
#include "http/server/metrics.h"
#include "services/conversation_service.h"
#include "services/reply_service.h"
#include "services/saved_reply_service.h"
#include "views/json_views.h"

namespace shopdesk::http::api {
namespace {

using nlohmann::json;

Result<store::ConversationFilter> FilterFrom(const Request& req) {
  store::ConversationFilter f;
  auto integer = [&](const char* name) -> Result<std::optional<std::int64_t>> {
    const std::string* v = req.QueryParam(name);
    if (!v) return std::optional<std::int64_t>();
    if (v->empty() || v->size() > 18 || v->find_first_not_of("0123456789") != std::string::npos) {
      return Error::InvalidArgument(std::string("query parameter '") + name + "' must be a number");
    }
    return std::optional<std::int64_t>(std::stoll(*v));
  };
  static const std::set<std::string> kKnown{"status", "assignee", "channel", "customer",
                                            "team",   "tag",      "intent",  "sort",
                                            "limit",  "cursor",   "delivery"};
  for (const auto& [key, value] : req.query) {
    if (!kKnown.count(key)) return Error::InvalidArgument("unknown query parameter '" + key + "'");
  }
  if (const std::string* s = req.QueryParam("status")) {
    f.status = ParseStatus(*s);
    if (!f.status) {
      return Error::InvalidArgument("status must be open, pending, on_hold, resolved or closed");
    }
  }
  if (const std::string* a = req.QueryParam("assignee"); a && *a == "none") {
    f.unassigned_only = true;
  } else {
    auto assignee = integer("assignee");
    if (!assignee) return assignee.error();
    f.assignee_id = *assignee;
  }
  auto channel = integer("channel");
  if (!channel) return channel.error();
  f.channel_id = *channel;
  auto customer = integer("customer");
  if (!customer) return customer.error();
  f.customer_id = *customer;
  auto team = integer("team");
  if (!team) return team.error();
  f.team_id = *team;
  if (const std::string* t = req.QueryParam("tag")) f.tag = *t;
  if (const std::string* i = req.QueryParam("intent")) f.intent = *i;
  if (const std::string* d = req.QueryParam("delivery")) {
    if (*d != "failed") return Error::InvalidArgument("delivery must be failed");
    f.delivery_failed_only = true;
  }
  if (const std::string* s = req.QueryParam("sort")) {
    if (*s == "due") {
      f.sort = store::ConversationFilter::Sort::kDueAt;
    } else if (*s != "last_activity") {
      return Error::InvalidArgument("sort must be last_activity or due");
    }
  }
  auto limit = integer("limit");
  if (!limit) return limit.error();
  if (*limit) f.limit = static_cast<int>(std::min<std::int64_t>(**limit, 1000));
  if (const std::string* c = req.QueryParam("cursor")) f.cursor = *c;
  return f;
}

// The reply's files: [{filename, content_type, data (base64)}].
Result<std::vector<services::DraftAttachment>> AttachmentsFrom(const nlohmann::json* array) {
  std::vector<services::DraftAttachment> files;
  if (!array) return files;
  for (size_t i = 0; i < array->size(); ++i) {
    const std::string context = "attachments[" + std::to_string(i) + "]";
    JsonFields f((*array)[i], {"filename", "content_type", "data"}, context);
    services::DraftAttachment file;
    file.filename = f.RequiredString("filename");
    file.content_type = f.OptionalString("content_type").value_or("");
    const std::string data = f.RequiredString("data");
    if (auto ok = f.Finish(); !ok) return ok.error();
    auto bytes = DecodeBase64Strict(data);
    if (!bytes) {
      return Error::InvalidArgument("field '" + context +
                                    ".data' is not base64 (RFC 4648, padded, no line breaks)")
          .WithReason("reply.attachment_unreadable", {{"name", file.filename}});
    }
    file.data = std::move(*bytes);
    files.push_back(std::move(file));
  }
  return files;
}

Response ConversationResponse(const Result<Conversation>& c, Timestamp now) {
  if (!c) return Response::FromError(c.error());
  return Response::JsonText(200, views::ConversationJson(*c, now));
}

}  // namespace

void RegisterConversationRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/conversations", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto filter = FilterFrom(req);
      if (!filter) return Response::FromError(filter.error());
      filter->viewer = agent.id;
      services::ConversationService service(db, ctx.clock, agent.id);
      auto page = service.List(agent.shop_id, *filter, agent.id);
      if (!page) return Response::FromError(page.error());
      return Response::JsonText(200, views::ConversationListJson(*page, ctx.clock.Now()));
    });
  });

  router.Add("GET", "/api/v1/conversations/{id}", [&ctx](Request& req) {
    return WithId(
        ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent, std::int64_t id) {
          services::ConversationService service(db, ctx.clock, agent.id);
          auto detail = service.Get(agent.shop_id, id, agent.id);
          if (!detail) return Response::FromError(detail.error());
          json messages = json::array();
          for (const auto& m : detail->messages) messages.push_back(views::MessageJson(m));
          views::JsonWriter w;
          w.BeginObject();
          w.Key("conversation").Raw(views::ConversationJson(detail->conversation, ctx.clock.Now()));
          w.Key("customer").Raw(views::CustomerJson(detail->customer).dump());
          w.Key("messages").Raw(messages.dump(-1, ' ', false, json::error_handler_t::replace));
          w.Key("unread").Bool(detail->unread.value_or(false));
          w.Key("activity").Raw(views::ActivityJson(detail->activity).dump());
          w.EndObject();
          return Response::JsonText(200, w.Take());
        });
  });

  router.Add("POST", "/api/v1/conversations/{id}/replies", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kWrite, {"body", "html", "status", "intent", "cc", "bcc", "attachments"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          services::ReplyDraft draft;
          draft.text = f.RequiredString("body");
          draft.html = f.OptionalString("html").value_or("");
          draft.intent = f.OptionalString("intent").value_or("");
          draft.cc = f.OptionalStringArray("cc").value_or(std::vector<std::string>{});
          draft.bcc = f.OptionalStringArray("bcc").value_or(std::vector<std::string>{});
          const auto status = f.OptionalString("status");
          const nlohmann::json* files = f.OptionalArray("attachments", 100);
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          auto attachments = AttachmentsFrom(files);
          if (!attachments) return Response::FromError(attachments.error());
          draft.attachments = std::move(*attachments);
          if (status) {
            draft.status = ParseStatus(*status);
            if (!draft.status)
              return Response::FromError(
                  Error::InvalidArgument("unknown status '" + *status + "'"));
          }
          services::ReplyService replies(db, ctx.clock);
          auto message = replies.Reply(agent.shop_id, id, agent.id, draft);
          if (!message) return Response::FromError(message.error());
          Metrics::Global().CountReplyQueued();
          ctx.on_reply_queued();
          // The lint of the preview, run on what was sent: the agent chose to send anyway,
          // and the answer says what was overridden.
          json sent = views::MessageJson(*message);
          auto warnings = services::SavedReplyService(db, ctx.clock)
                              .Lint(agent.shop_id, id, draft.text, LanguageOf(req));
          sent["warnings"] = warnings ? WarningsJson(*warnings) : json::array();
          return Response::Json(201, sent);
        });
  });

  router.Add("POST", "/api/v1/conversations/{id}/notes", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kWrite, {"body", "mentions"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          const std::string text = f.RequiredString("body");
          const std::vector<std::int64_t> mentions =
              f.Has("mentions") ? f.RequiredIdArray("mentions", 50) : std::vector<std::int64_t>{};
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          services::ReplyService replies(db, ctx.clock);
          auto note = replies.AddNote(agent.shop_id, id, agent.id, text, mentions);
          if (!note) return Response::FromError(note.error());
          return Response::Json(201, views::MessageJson(*note));
        });
  });

  router.Add("POST", "/api/v1/conversations/{id}/status", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kWrite, {"status", "until"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          const std::string name = f.RequiredString("status");
          const std::optional<std::string> until_text = f.OptionalString("until");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          const auto status = ParseStatus(name);
          if (!status) {
            return Response::FromError(Error::InvalidArgument(
                "status must be open, pending, on_hold, resolved or closed (got '" + name + "')"));
          }
          std::optional<Timestamp> until;
          if (until_text) {
            until = ParseIso8601(*until_text);
            if (!until) {
              return Response::FromError(
                  Error::InvalidArgument("'until' must be an ISO 8601 time with its offset, e.g. "
                                         "2026-12-04T09:00:00+09:00 (got '" +
                                         *until_text + "')"));
            }
          }
          services::ConversationService service(db, ctx.clock, agent.id);
          return ConversationResponse(service.ChangeStatus(agent.shop_id, id, *status, until),
                                      ctx.clock.Now());
        });
  });

  // The caller's read mark: POST when they open it, DELETE to see it as unread again.
  for (const char* method : {"POST", "DELETE"}) {
    const bool read = std::string_view(method) == "POST";
    router.Add(method, "/api/v1/conversations/{id}/read", [&ctx, read](Request& req) {
      return WithId(ctx, req, Access::kRead,
                    [&](store::Database& db, const Agent& agent, std::int64_t id) {
                      services::ConversationService service(db, ctx.clock, agent.id);
                      auto done = read ? service.MarkRead(agent.shop_id, agent.id, id)
                                       : service.MarkUnread(agent.shop_id, agent.id, id);
                      if (!done) return Response::FromError(done.error());
                      return Response::JsonText(
                          200, std::string("{\"unread\":") + (read ? "false" : "true") + "}");
                    });
    });
  }

  router.Add("POST", "/api/v1/conversations/{id}/assign", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kWrite, {"agent_id", "team_id"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          const auto assignee = f.OptionalNullableInt("agent_id");
          const auto team = f.OptionalNullableInt("team_id");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          if (!assignee && !team) {
            return Response::FromError(
                Error::InvalidArgument("give 'agent_id', 'team_id' or both (null unassigns)"));
          }
          services::ConversationService service(db, ctx.clock, agent.id);
          return ConversationResponse(service.Assign(agent.shop_id, id, assignee, team),
                                      ctx.clock.Now());
        });
  });

  router.Add("PUT", "/api/v1/conversations/{id}/tags", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kWrite, {"tags"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          auto tags = f.RequiredStringArray("tags");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          services::ConversationService service(db, ctx.clock, agent.id);
          return ConversationResponse(service.SetTags(agent.shop_id, id, std::move(tags)),
                                      ctx.clock.Now());
        });
  });

  router.Add("PUT", "/api/v1/conversations/{id}/intent", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kWrite, {"intent"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          std::string intent = f.RequiredString("intent");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          services::ConversationService service(db, ctx.clock, agent.id);
          return ConversationResponse(service.SetIntent(agent.shop_id, id, std::move(intent)),
                                      ctx.clock.Now());
        });
  });

  router.Add("POST", "/api/v1/conversations/{id}/flags", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kWrite, {"spam", "no_reply_needed"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          services::FlagChange change;
          change.spam = f.OptionalBool("spam");
          change.no_reply_needed = f.OptionalBool("no_reply_needed");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          services::ConversationService service(db, ctx.clock, agent.id);
          return ConversationResponse(service.SetFlags(agent.shop_id, id, change), ctx.clock.Now());
        });
  });
}

}  // namespace shopdesk::http::api
