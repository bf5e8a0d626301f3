// Response targets per channel, the shop's business hours, and one conversation's
// response clocks with their event log.
#include <nlohmann/json.hpp>

#include "core/civil_date.h"
#include "http/api/api.h"
#include "http/api/json_body.h"
#include "services/sla_settings.h"
#include "views/json_views.h"

namespace shopdesk::http::api {
namespace {

using nlohmann::json;

constexpr Timestamp kMinute = 60 * kMillisPerSecond;
constexpr const char* kWeekdayKeys[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

json PolicyJson(const services::ChannelSlaPolicy& p) {
  json warn = json::array();
  for (Timestamp w : p.policy.warn_before) warn.push_back(w / kMinute);
  return {{"channel_id", p.channel.id},
          {"channel_name", p.channel.name},
          {"channel_kind", p.channel.kind},
          {"first_response_minutes", p.policy.first_response / kMinute},
          {"next_response_minutes", p.policy.next_response / kMinute},
          {"counting", SlaCountingName(p.policy.counting)},
          {"warn_minutes", warn},
          {"customized", p.policy.customized}};
}

json CalendarJson(const BusinessCalendar& c) {
  json weekly = json::object();
  for (int day = 0; day < 7; ++day) {
    json intervals = json::array();
    for (const auto& i : c.weekly[day]) intervals.push_back(FormatOpeningInterval(i));
    weekly[kWeekdayKeys[day]] = intervals;
  }
  json closed = json::array();
  for (const auto& day : c.closed_days) closed.push_back(FormatCivilDate(day));
  return {{"time_zone", c.time_zone},
          {"weekly", weekly},
          {"closed_on_national_holidays", c.closed_on_national_holidays},
          {"closed_days", closed}};
}

json OptionalTime(const std::optional<Timestamp>& t) {
  return t ? json(FormatIso8601(*t)) : json(nullptr);
}

json ClockJson(const SlaClock& c, Timestamp now) {
  json j = {{"id", c.id},
            {"message_id", c.message_id},
            {"target", SlaTargetName(c.target)},
            {"counting", SlaCountingName(c.counting)},
            {"state", SlaClockStateName(c.state)},
            {"started_at", FormatIso8601(c.started_at)},
            {"due_at", FormatIso8601(c.due_at)},
            {"breached_at", OptionalTime(c.breached_at)},
            {"ended_at", OptionalTime(c.ended_at)},
            {"fulfilled_by", c.fulfilled_by ? json(*c.fulfilled_by) : json(nullptr)},
            {"answer_message_id", c.answer_message_id ? json(*c.answer_message_id) : json(nullptr)},
            {"awaiting_delivery", c.AwaitingDelivery()}};
  if (c.state == SlaClockState::kPaused) j["left_seconds"] = c.budget / kMillisPerSecond;
  if (c.breached_at) {
    j["late_seconds"] = (c.ended_at.value_or(now) - *c.breached_at) / kMillisPerSecond;
  }
  return j;
}

json EventJson(const SlaEvent& e) {
  json j = {{"id", e.id},
            {"kind", SlaEventKindName(e.kind)},
            {"message_id", e.message_id},
            {"target", SlaTargetName(e.target)},
            {"at", FormatIso8601(e.at)},
            {"due_at", FormatIso8601(e.due_at)}};
  if (e.kind == SlaEventKind::kWarning) j["left_seconds"] = e.value / kMillisPerSecond;
  if (e.kind == SlaEventKind::kPaused) j["left_seconds"] = e.value / kMillisPerSecond;
  if (e.kind == SlaEventKind::kFulfilled) j["late_seconds"] = e.value / kMillisPerSecond;
  return j;
}

// The body of PUT /business-hours. Every problem names its field and value.
Result<BusinessCalendar> ReadCalendar(const json& body) {
  JsonFields f(body, {"weekly", "closed_on_national_holidays", "closed_days", "time_zone"});
  const json* weekly = f.OptionalObject("weekly");
  const auto holidays = f.OptionalBool("closed_on_national_holidays");
  const auto closed = f.OptionalStringArray("closed_days");
  f.OptionalString("time_zone");  // shown by GET; it is the shop's (PATCH /settings)
  if (auto ok = f.Finish(); !ok) return ok.error();
  if (!weekly) return Error::InvalidArgument("field 'weekly' is required");
  BusinessCalendar calendar;
  calendar.closed_on_national_holidays = holidays.value_or(true);
  for (auto it = weekly->begin(); it != weekly->end(); ++it) {
    int day = -1;
    for (int d = 0; d < 7; ++d) {
      if (it.key() == kWeekdayKeys[d]) day = d;
    }
    if (day < 0) {
      return Error::InvalidArgument("weekly has an unknown day '" + it.key() +
                                    "'; use sun, mon, tue, wed, thu, fri, sat");
    }
    if (!it.value().is_array()) {
      return Error::InvalidArgument("weekly." + it.key() +
                                    " must be an array such as [\"09:00-18:00\"]");
    }
    for (const auto& item : it.value()) {
      auto interval = item.is_string() ? ParseOpeningInterval(item.get<std::string>())
                                       : std::optional<OpeningInterval>();
      if (!interval) {
        return Error::InvalidArgument("weekly." + it.key() + " holds " + item.dump() +
                                      ", which is not HH:MM-HH:MM (e.g. \"09:00-18:00\")");
      }
      calendar.weekly[day].push_back(*interval);
    }
  }
  for (const auto& text : closed.value_or(std::vector<std::string>{})) {
    auto date = ParseCivilDate(text);
    if (!date) {
      return Error::InvalidArgument("closed_days holds '" + text +
                                    "', which is not a date YYYY-MM-DD");
    }
    calendar.closed_days.push_back(*date);
  }
  if (calendar.closed_days.size() > 1000) {
    return Error::InvalidArgument("closed_days holds at most 1000 dates");
  }
  return calendar;
}

json AwayJson(const services::AwayView& view) {
  const AwaySettings& a = view.settings;
  return {{"enabled", a.enabled},
          {"outside_business_hours", a.outside_business_hours},
          {"from", OptionalTime(a.from)},
          {"until", OptionalTime(a.until)},
          {"message", a.message.empty() ? DefaultAwayMessage() : a.message},
          {"period_hours", a.period / kMillisPerHour},
          {"away_now", view.away_now},
          {"away_reason", view.reason ? json(AwayReasonName(*view.reason)) : json(nullptr)},
          {"reply_by", OptionalTime(view.reply_by)},
          {"preview", view.preview}};
}

// An ISO 8601 time, null, or absent.
Result<std::optional<Timestamp>> OptionalInstant(JsonFields& f, std::string_view name) {
  auto text = f.OptionalNullableString(name);
  if (!text || !*text) return std::optional<Timestamp>();
  auto parsed = ParseIso8601(**text);
  if (!parsed) {
    return Error::InvalidArgument(std::string(name) + " '" + **text +
                                  "' is not an ISO 8601 time such as 2026-08-10T00:00:00+09:00");
  }
  return parsed;
}

}  // namespace

void RegisterSlaRoutes(Router& router, ApiContext& ctx) {
  router.Add("GET", "/api/v1/sla-policies", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto policies =
          services::SlaSettings(db, ctx.clock, agent, req.remote_address).ListPolicies();
      if (!policies) return Response::FromError(policies.error());
      return Response::Json(200, views::ItemsJson(*policies, PolicyJson));
    });
  });

  router.Add("PUT", "/api/v1/channels/{id}/sla-policy", [&ctx](Request& req) {
    return WithIdAndBody(
        ctx, req, Access::kManage,
        {"first_response_minutes", "next_response_minutes", "counting", "warn_minutes"},
        [&](store::Database& db, const Agent& agent, std::int64_t id, JsonFields& f) {
          SlaPolicy policy = DefaultSlaPolicy(agent.shop_id, id);
          policy.first_response = f.RequiredInt("first_response_minutes", 1, 43200) * kMinute;
          policy.next_response = f.RequiredInt("next_response_minutes", 1, 43200) * kMinute;
          const std::string counting = f.RequiredString("counting");
          const json* warn = f.OptionalValue("warn_minutes");
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          auto parsed = ParseSlaCounting(counting);
          if (!parsed) {
            return Response::FromError(Error::InvalidArgument(
                "counting must be calendar or business (got '" + counting + "')"));
          }
          policy.counting = *parsed;
          if (!warn) {
            // The default warnings (4 h, 1 h) that fit the targets: a 2-hour target warns at 1 h.
            std::erase_if(policy.warn_before, [&](Timestamp w) {
              return w >= std::min(policy.first_response, policy.next_response);
            });
          } else {
            policy.warn_before.clear();
            if (!warn->is_array()) {
              return Response::FromError(Error::InvalidArgument(
                  "warn_minutes must be an array of minutes, e.g. [240, 60]"));
            }
            for (const auto& w : *warn) {
              if (!w.is_number_integer()) {
                return Response::FromError(Error::InvalidArgument(
                    "warn_minutes holds " + w.dump() + ", which is not a whole number of minutes"));
              }
              policy.warn_before.push_back(w.get<std::int64_t>() * kMinute);
            }
          }
          auto saved =
              services::SlaSettings(db, ctx.clock, agent, req.remote_address).SetPolicy(policy);
          if (!saved) return Response::FromError(saved.error());
          return Response::Json(200, PolicyJson(*saved));
        });
  });

  router.Add("GET", "/api/v1/business-hours", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto calendar = services::SlaSettings(db, ctx.clock, agent, req.remote_address).GetCalendar();
      if (!calendar) return Response::FromError(calendar.error());
      return Response::Json(200, CalendarJson(*calendar));
    });
  });

  router.Add("PUT", "/api/v1/business-hours", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kManage, [&](store::Database& db, const Agent& agent) {
      auto body = ParseJsonObject(req);
      if (!body) return Response::FromError(body.error());
      auto calendar = ReadCalendar(*body);
      if (!calendar) return Response::FromError(calendar.error());
      auto saved = services::SlaSettings(db, ctx.clock, agent, req.remote_address)
                       .SetCalendar(std::move(*calendar));
      if (!saved) return Response::FromError(saved.error());
      json out = CalendarJson(saved->calendar);
      out["deadlines_recomputed"] = saved->deadlines_recomputed;
      return Response::Json(200, out);
    });
  });

  router.Add("GET", "/api/v1/conversations/{id}/sla", [&ctx](Request& req) {
    return WithId(ctx, req, Access::kRead,
                  [&](store::Database& db, const Agent& agent, std::int64_t id) {
                    auto sla = services::SlaSettings(db, ctx.clock, agent, req.remote_address)
                                   .ConversationClocks(id);
                    if (!sla) return Response::FromError(sla.error());
                    const Timestamp now = ctx.clock.Now();
                    json clocks = json::array();
                    for (const auto& c : sla->clocks) clocks.push_back(ClockJson(c, now));
                    json events = json::array();
                    for (const auto& e : sla->events) events.push_back(EventJson(e));
                    return Response::Json(200, json{{"clocks", clocks}, {"events", events}});
                  });
  });

  router.Add("GET", "/api/v1/away", [&ctx](Request& req) {
    return Authenticated(ctx, req, Access::kRead, [&](store::Database& db, const Agent& agent) {
      auto view = services::SlaSettings(db, ctx.clock, agent, req.remote_address).GetAway();
      if (!view) return Response::FromError(view.error());
      return Response::Json(200, AwayJson(*view));
    });
  });

  router.Add("PUT", "/api/v1/away", [&ctx](Request& req) {
    return WithBody(
        ctx, req, Access::kManage,
        {"enabled", "outside_business_hours", "from", "until", "message", "period_hours"},
        [&](store::Database& db, const Agent& agent, JsonFields& f) {
          AwaySettings settings;
          settings.enabled = f.RequiredBool("enabled");
          settings.outside_business_hours =
              f.OptionalBool("outside_business_hours").value_or(false);
          auto from = OptionalInstant(f, "from");
          auto until = OptionalInstant(f, "until");
          settings.message = f.OptionalString("message").value_or("");
          settings.period = f.OptionalInt("period_hours", 1, 720).value_or(24) * kMillisPerHour;
          if (auto ok = f.Finish(); !ok) return Response::FromError(ok.error());
          if (!from) return Response::FromError(from.error());
          if (!until) return Response::FromError(until.error());
          settings.from = *from;
          settings.until = *until;
          // The default text comes back from GET; saving it unchanged keeps following it.
          if (settings.message == DefaultAwayMessage()) settings.message.clear();
          auto view =
              services::SlaSettings(db, ctx.clock, agent, req.remote_address).SetAway(settings);
          if (!view) return Response::FromError(view.error());
          return Response::Json(200, AwayJson(*view));
        });
  });
}

}  // namespace shopdesk::http::api
