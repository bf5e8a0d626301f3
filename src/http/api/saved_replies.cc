// Saved replies, and the preview of a reply (rendered for the conversation, linted).
#include <nlohmann/json.hpp>

#include "http/api/api.h"
#include "http/api/json_body.h"
#include "services/saved_reply_service.h"
#include "views/json_views.h"

namespace shopdesk::http::api {
namespace {

using nlohmann::json;

// The fields a saved-reply body may carry (POST and PATCH alike), or why it is refused.
Result<services::SavedReplyFields> ReadFields(const Request& req) {
  auto body = ParseJsonObject(req);
  if (!body) return body.error();
  JsonFields f(*body, {"title", "shortcut", "body", "language", "intent", "tags"});
  services::SavedReplyFields fields;
  fields.title = f.OptionalString("title");
  fields.shortcut = f.OptionalString("shortcut");
  fields.body = f.OptionalString("body");
  fields.language = f.OptionalString("language");
  fields.intent = f.OptionalString("intent");
  fields.tags = f.OptionalStringArray("tags");
  if (auto ok = f.Finish(); !ok) return ok.error();
  return fields;
}

}  // namespace

UiLanguage LanguageOf(const Request& request) {
  if (const std::string* lang = request.QueryParam("lang")) {
    return *lang == "en" ? UiLanguage::kEnglish : UiLanguage::kJapanese;
  }
  const std::string& accept = request.Header("accept-language");
  return accept.rfind("en", 0) == 0 ? UiLanguage::kEnglish : UiLanguage::kJapanese;
}

nlohmann::json WarningsJson(const std::vector<LintWarning>& warnings) {
  json out = json::array();
  for (const auto& w : warnings) out.push_back({{"code", w.code}, {"message", w.message}});
  return out;
}

void RegisterSavedReplyRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/saved-replies", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      const std::string* q = req.QueryParam("q");
      services::SavedReplyService service(db, ctx.clock);
      auto conversation = QueryInt(req, "conversation", 1);
      if (!conversation) return Response::FromError(conversation.error());
      if (*conversation) {  // each rendered for that conversation
        auto found =
            service.SearchRendered(agent, **conversation, q ? *q : "", 50, LanguageOf(req));
        if (!found) return Response::FromError(found.error());
        json items = json::array();
        for (const auto& [reply, rendered] : *found) {
          json item = views::SavedReplyJson(reply);
          item["rendered"] = {{"text", rendered.text},
                              {"warnings", WarningsJson(rendered.warnings)}};
          items.push_back(std::move(item));
        }
        return Response::Json(200, {{"items", std::move(items)}});
      }
      auto found = service.Search(agent.shop_id, q ? *q : "", 50);
      if (!found) return Response::FromError(found.error());
      return Response::Json(200, views::ItemsJson(*found, views::SavedReplyJson));
    });
  });

  router.Add("POST", "/api/v1/saved-replies", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kWrite, [&](store::Database& db, const Agent& agent) {
      auto fields = ReadFields(req);
      if (!fields) return Response::FromError(fields.error());
      services::SavedReplyService service(db, ctx.clock);
      auto created = service.Create(agent, *fields);
      if (!created) return Response::FromError(created.error());
      return Response::Json(201, views::SavedReplyJson(*created));
    });
  });

  router.Add("GET", "/api/v1/saved-replies/{id}", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kRead,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    auto reply = services::SavedReplyService(db, ctx.clock).Find(agent.shop_id, id);
                    if (!reply) return Response::FromError(reply.error());
                    return Response::Json(200, views::SavedReplyJson(*reply));
                  });
  });

  router.Add("PATCH", "/api/v1/saved-replies/{id}", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kWrite,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    auto fields = ReadFields(req);
                    if (!fields) return Response::FromError(fields.error());
                    services::SavedReplyService service(db, ctx.clock);
                    auto updated = service.Update(agent, id, *fields);
                    if (!updated) return Response::FromError(updated.error());
                    return Response::Json(200, views::SavedReplyJson(*updated));
                  });
  });

  router.Add("DELETE", "/api/v1/saved-replies/{id}", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kWrite,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    services::SavedReplyService service(db, ctx.clock);
                    if (auto deleted = service.Delete(agent, id); !deleted) {
                      return Response::FromError(deleted.error());
                    }
                    return Response::NoContent();
                  });
  });

  router.Add("POST", "/api/v1/conversations/{id}/replies/preview", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kRead, {"body", "saved_reply_id"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          const auto text = f.OptionalString("body");
          const auto saved = f.OptionalInt("saved_reply_id", 1);
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          if (text.has_value() == saved.has_value()) {
            return Response::FromError(
                Error::InvalidArgument("give either 'body' or 'saved_reply_id'"));
          }
          services::SavedReplyService service(db, ctx.clock);
          auto rendered = text ? service.Preview(agent, id, *text, LanguageOf(req))
                               : service.PreviewSaved(agent, id, *saved, LanguageOf(req));
          if (!rendered) return Response::FromError(rendered.error());
          return Response::Json(
              200, {{"text", rendered->text}, {"warnings", WarningsJson(rendered->warnings)}});
        });
  });
}

}  // namespace shopdesk::http::api
