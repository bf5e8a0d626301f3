// Reports (services/reports.h) as JSON or, with ?format=csv, as a CSV download.
#include "services/reports.h"

#include "http/api/api.h"
#include "views/report_json.h"

namespace shopdesk::http::api {
namespace {

// ?name=<ISO 8601> or absent.
Result<std::optional<Timestamp>> QueryTime(const Request& req, const char* name) {
  const std::string* text = req.QueryParam(name);
  if (!text || text->empty()) return std::optional<Timestamp>();
  auto parsed = ParseIso8601(*text);
  if (!parsed) {
    return Error::InvalidArgument(std::string(name) + " '" + *text +
                                  "' is not an ISO 8601 time such as 2026-11-01T00:00:00+09:00");
  }
  return parsed;
}

}  // namespace

void RegisterReportRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/reports/{name}", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      const std::string& name = req.path_params["name"];
      auto kind = ParseReportKind(name);
      if (!kind) {
        return Response::FromError(
            Error{ErrorCode::kNotFound, "no report '" + name + "'; reports: " + ReportKindList()});
      }
      auto from = QueryTime(req, "from");
      if (!from) return Response::FromError(from.error());
      auto to = QueryTime(req, "to");
      if (!to) return Response::FromError(to.error());
      const std::string* format = req.QueryParam("format");
      if (format && *format != "json" && *format != "csv") {
        return Response::FromError(Error::InvalidArgument("format must be json or csv"));
      }
      auto report = services::BuildReport(db, agent.shop_id, {*kind, *from, *to}, ctx.clock.Now());
      if (!report) return Response::FromError(report.error());
      if (format && *format == "csv") {
        return Response::Bytes("text/csv; charset=utf-8", views::ReportCsv(*report), name + ".csv");
      }
      return Response::JsonText(200, views::ReportJson(*report).dump(
                                         -1, ' ', false, nlohmann::json::error_handler_t::replace));
    });
  });
}

}  // namespace shopdesk::http::api
