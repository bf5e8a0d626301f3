#include "services/reports.h"

#include <algorithm>
#include <map>

#include "core/business_calendar.h"
#include "core/civil_date.h"
#include "core/volume_spikes.h"

namespace shopdesk::services {
namespace {

constexpr Timestamp kDay = kMillisPerDay;
constexpr int kMaxLateItems = 500;  // listed in the late-responses report (all are counted)

// Nearest-rank percentile of sorted `values`, in seconds; none when empty.
std::optional<std::int64_t> PercentileSeconds(const std::vector<Timestamp>& sorted, int percent) {
  if (sorted.empty()) return std::nullopt;
  std::size_t rank = (sorted.size() * percent + 99) / 100;
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1] / kMillisPerSecond;
}

struct Durations {
  std::vector<Timestamp> values;
  std::int64_t within_24h = 0;
  std::int64_t within_target = 0;
  std::int64_t decided = 0;  // answered, or unanswered for more than 24 h

  DurationStats Stats() {
    std::sort(values.begin(), values.end());
    return {static_cast<std::int64_t>(values.size()), PercentileSeconds(values, 50),
            PercentileSeconds(values, 90)};
  }
  ResponseFigures Figures() { return {Stats(), {within_24h, decided}, {within_target, decided}}; }
};

struct Names {
  std::map<ChannelId, std::string> channels;
  std::map<AgentId, std::string> agents;

  // The name, or "" for an id the shop no longer lists.
  std::string Channel(ChannelId id) const { return Find(channels, id); }
  std::string Agent(AgentId id) const { return Find(agents, id); }
  ChannelCount Count(ChannelId id, std::int64_t n) const { return {id, Channel(id), n}; }

 private:
  static std::string Find(const std::map<std::int64_t, std::string>& names, std::int64_t id) {
    auto it = names.find(id);
    return it == names.end() ? "" : it->second;
  }
};

Result<Names> LoadNames(store::Database& db, ShopId shop) {
  Names names;
  auto channels = db.channels().List(shop);
  if (!channels) return channels.error();
  for (const auto& c : *channels) names.channels[c.id] = c.name;
  auto agents = db.agents().List(shop);
  if (!agents) return agents.error();
  for (const auto& a : *agents) names.agents[a.id] = a.name.empty() ? a.email : a.name;
  return names;
}

struct Window {
  Timestamp from = 0;
  Timestamp to = 0;
  std::string time_zone;
};

CivilDate WeekStart(CivilDate date) {  // Monday
  return AddDays(date, -((static_cast<int>(WeekdayOf(date)) + 6) % 7));
}

Result<VolumeReport> Volume(store::Database& db, ShopId shop, const Window& w, const Names& names) {
  auto buckets = db.reports().Volume(shop, w.from, w.to);
  if (!buckets) return buckets.error();
  auto tags = db.reports().VolumeByTag(shop, w.from, w.to);
  if (!tags) return tags.error();
  std::map<CivilDate, std::map<ChannelId, std::int64_t>> by_day;
  std::map<CivilDate, std::int64_t> by_week;
  std::map<ChannelId, std::int64_t> by_channel;
  VolumeReport out;
  // Buckets are 15 minutes: every zone's midnight falls on one of their edges.
  for (const auto& b : *buckets) {
    const LocalTime at = ToLocal(b.start, w.time_zone);
    by_day[at.date][b.channel_id] += b.count;
    by_week[WeekStart(at.date)] += b.count;
    by_channel[b.channel_id] += b.count;
    out.total += b.count;
  }
  for (const auto& [date, per_channel] : by_day) {
    VolumeReport::Day day{date, 0, {}};
    for (const auto& [channel, n] : per_channel) {
      day.count += n;
      day.by_channel.push_back(names.Count(channel, n));
    }
    out.by_day.push_back(std::move(day));
  }
  for (const auto& [week, n] : by_week) out.by_week.push_back({week, n});
  for (const auto& [channel, n] : by_channel) out.by_channel.push_back(names.Count(channel, n));
  for (const auto& t : *tags) out.by_tag.push_back({t.tag, t.count});
  return out;
}

// Answered clocks give a duration; an unanswered one waiting over 24 h (or past its
// target) counts as not within; younger unanswered ones are not decided yet.
Result<FirstResponseReport> FirstResponse(store::Database& db, ShopId shop, const Window& w,
                                          const Names& names, Timestamp now) {
  auto rows = db.reports().FirstResponses(shop, w.from, w.to);
  if (!rows) return rows.error();
  Durations all;
  std::map<ChannelId, Durations> by_channel;
  std::map<AgentId, Durations> by_agent;
  for (const auto& r : *rows) {
    std::vector<Durations*> scopes = {&all, &by_channel[r.channel_id]};
    if (r.fulfilled_by) scopes.push_back(&by_agent[*r.fulfilled_by]);
    const bool answered = r.state == SlaClockState::kFulfilled && r.ended_at;
    const Timestamp waited = (answered ? *r.ended_at : now) - r.started_at;
    if (!answered && waited <= kDay && !r.breached_at) continue;  // not decided yet
    for (Durations* d : scopes) {
      if (answered) d->values.push_back(waited);
      d->decided += 1;
      d->within_24h += answered && waited <= kDay;
      d->within_target += answered && !r.breached_at;
    }
  }
  FirstResponseReport out;
  out.all = all.Figures();
  for (auto& [channel, d] : by_channel) {
    out.by_channel.push_back({channel, names.Channel(channel), d.Figures()});
  }
  for (auto& [agent, d] : by_agent) {
    out.by_agent.push_back({agent, names.Agent(agent), d.Figures()});
  }
  return out;
}

Result<ResolutionReport> Resolution(store::Database& db, ShopId shop, const Window& w,
                                    const Names& names) {
  auto rows = db.reports().Resolutions(shop, w.from, w.to);
  if (!rows) return rows.error();
  Durations all;
  std::map<ChannelId, Durations> by_channel;
  for (const auto& r : *rows) {
    all.values.push_back(r.resolved_at - r.created_at);
    by_channel[r.channel_id].values.push_back(r.resolved_at - r.created_at);
  }
  ResolutionReport out;
  out.all = all.Stats();
  for (auto& [channel, d] : by_channel) {
    out.by_channel.push_back({channel, names.Channel(channel), d.Stats()});
  }
  return out;
}

Result<BacklogReport> Backlog(store::Database& db, ShopId shop, Timestamp now) {
  const std::vector<Timestamp> limits = {kDay, 3 * kDay, 7 * kDay};  // kBacklogAges' edges
  auto counts = db.reports().Backlog(shop, now, limits);
  if (!counts) return counts.error();
  BacklogReport out;
  out.at = now;
  for (const auto& c : *counts) {
    out.by_age[c.age_bucket] += c.count;
    out.total += c.count;
    auto status = std::find(kBacklogStatuses.begin(), kBacklogStatuses.end(), c.status);
    if (status != kBacklogStatuses.end()) {
      out.by_status[status - kBacklogStatuses.begin()][c.age_bucket] += c.count;
    }
  }
  return out;
}

Result<LateResponsesReport> LateResponses(store::Database& db, ShopId shop, const Window& w,
                                          const Names& names, Timestamp now) {
  auto counts = db.reports().LateResponseCounts(shop, w.from, w.to);
  if (!counts) return counts.error();
  auto rows = db.reports().LateResponses(shop, w.from, w.to, kMaxLateItems);
  if (!rows) return rows.error();
  LateResponsesReport out;
  for (const auto& r : *rows) {
    const bool answered = r.state == SlaClockState::kFulfilled;
    out.listed.push_back(
        {r.conversation_id, r.message_id, r.channel_id, names.Channel(r.channel_id), r.started_at,
         *r.breached_at, answered && r.ended_at ? r.ended_at : std::nullopt,
         (r.ended_at.value_or(now) - *r.breached_at) / kMillisPerSecond, answered});
  }
  for (const auto& [channel, n] : *counts) {
    out.count += n;
    out.by_channel.push_back(names.Count(channel, n));
  }
  return out;
}

Result<HealthReport> Health(store::Database& db, ShopId shop, const Window& w, const Names& names,
                            Timestamp now) {
  HealthReport out;
  out.at = now;
  auto unanswered = db.reports().Unanswered(shop, now - kDay, 20);
  if (!unanswered) return unanswered.error();
  out.unanswered_over_24h = unanswered->first;
  auto late_counts = db.reports().LateResponseCounts(shop, now - 30 * kDay, now + 1);
  if (!late_counts) return late_counts.error();
  for (const auto& [channel, n] : *late_counts) out.late_responses_30d += n;
  auto first = FirstResponse(db, shop, Window{now - 30 * kDay, now + 1, w.time_zone}, names, now);
  if (!first) return first.error();
  out.first_response_within_24h_30d = first->all.within_24h;
  // Volume spikes: each of the last 7 days against the usual day of the 28 before.
  auto buckets = db.reports().VolumeTotals(shop, now - 36 * kDay, now + 1);
  if (!buckets) return buckets.error();
  std::map<CivilDate, std::int64_t> by_day;
  for (const auto& b : *buckets) by_day[ToLocal(b.start, w.time_zone).date] += b.count;
  out.volume = FindVolumeSpikes(by_day, ToLocal(now, w.time_zone).date);
  for (const auto& r : unanswered->second) {
    // At most 20 rows: two look-ups each are cheaper than widening the clock query.
    auto conversation = db.conversations().Find(shop, r.conversation_id);
    if (!conversation) return conversation.error();
    auto customer = db.customers().Find(shop, conversation->customer_id);
    const bool known = customer && customer->erased_at == 0;
    out.oldest_unanswered.push_back({r.conversation_id, r.message_id, conversation->subject,
                                     known ? customer->name : "", known ? customer->email : "",
                                     r.started_at, (now - r.started_at) / kMillisPerSecond});
  }
  return out;
}

// Each kind's body, as the one alternative of Report::body it fills.
Result<decltype(Report::body)> Body(store::Database& db, ShopId shop, ReportKind kind,
                                    const Window& w, const Names& names, Timestamp now) {
  const auto as_body = [](auto built) -> Result<decltype(Report::body)> {
    if (!built) return built.error();
    return decltype(Report::body)(std::move(*built));
  };
  switch (kind) {
    case ReportKind::kVolume:
      return as_body(Volume(db, shop, w, names));
    case ReportKind::kFirstResponse:
      return as_body(FirstResponse(db, shop, w, names, now));
    case ReportKind::kResolution:
      return as_body(Resolution(db, shop, w, names));
    case ReportKind::kBacklog:
      return as_body(Backlog(db, shop, now));
    case ReportKind::kLateResponses:
      return as_body(LateResponses(db, shop, w, names, now));
    case ReportKind::kHealth:
      return as_body(Health(db, shop, w, names, now));
  }
  return Error::InvalidArgument("unknown report");
}

}  // namespace

Result<Report> BuildReport(store::Database& db, ShopId shop, const ReportRequest& request,
                           Timestamp now) {
  Window w;
  w.to = request.to.value_or(now + 1);  // [from, to): include what happened just now
  w.from = request.from.value_or(w.to - 30 * kDay);
  if (w.from >= w.to) {
    return Error::InvalidArgument("from (" + FormatIso8601(w.from) + ") must be before to (" +
                                  FormatIso8601(w.to) + ")");
  }
  if (w.to - w.from > 366 * kDay) {
    return Error::InvalidArgument("a report covers at most 366 days; narrow from and to");
  }
  auto tx = db.BeginRead();
  if (!tx) return tx.error();
  auto found = db.shops().Find(shop);
  if (!found) return found.error();
  w.time_zone = found->time_zone;
  auto names = LoadNames(db, shop);
  if (!names) return names.error();
  auto body = Body(db, shop, request.kind, w, *names, now);
  if (!body) return body.error();
  return Report{request.kind, w.from, w.to, w.time_zone, std::move(*body)};
}

}  // namespace shopdesk::services
