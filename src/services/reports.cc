#include "services/reports.h"

#include <algorithm>
#include <array>
#include <map>

#include "core/business_calendar.h"
#include "core/civil_date.h"
#include "core/volume_spikes.h"

namespace shopdesk::services {
namespace {

using ojson = nlohmann::ordered_json;

constexpr Timestamp kDay = kMillisPerDay;
constexpr int kMaxLateItems = 500;  // listed in the late-responses report (all are counted)
constexpr std::array<std::string_view, 6> kNames = {"volume",  "first-response", "resolution",
                                                    "backlog", "late-responses", "health"};

// Nearest-rank percentile of sorted `values`, in seconds; null when empty.
ojson PercentileSeconds(const std::vector<Timestamp>& sorted, int percent) {
  if (sorted.empty()) return nullptr;
  std::size_t rank = (sorted.size() * percent + 99) / 100;
  rank = std::clamp<std::size_t>(rank, 1, sorted.size());
  return sorted[rank - 1] / kMillisPerSecond;
}

ojson Share(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return nullptr;
  return static_cast<double>(part * 10000 / whole) / 10000.0;
}

struct Durations {
  std::vector<Timestamp> values;
  std::int64_t within_24h = 0;
  std::int64_t within_target = 0;
  std::int64_t decided = 0;  // answered, or unanswered for more than 24 h

  void Sort() { std::sort(values.begin(), values.end()); }
  void Describe(ojson& out, bool with_shares) {
    Sort();
    out["count"] = values.size();
    out["median_seconds"] = PercentileSeconds(values, 50);
    out["p90_seconds"] = PercentileSeconds(values, 90);
    if (with_shares) {
      out["within_24h_share"] = Share(within_24h, decided);
      out["within_target_share"] = Share(within_target, decided);
    }
  }
};

struct Names {
  std::map<ChannelId, std::string> channels;
  std::map<AgentId, std::string> agents;

  // The name, or "" for an id the shop no longer lists.
  std::string Channel(ChannelId id) const { return Find(channels, id); }
  std::string Agent(AgentId id) const { return Find(agents, id); }

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

ojson Header(ReportKind kind, const Window& w) {
  return ojson{{"report", ReportKindName(kind)},
               {"from", FormatIso8601(w.from)},
               {"to", FormatIso8601(w.to)},
               {"time_zone", w.time_zone}};
}

CivilDate WeekStart(CivilDate date) {  // Monday
  return AddDays(date, -((static_cast<int>(WeekdayOf(date)) + 6) % 7));
}

Result<ojson> Volume(store::Database& db, ShopId shop, const Window& w, const Names& names) {
  auto buckets = db.reports().Volume(shop, w.from, w.to);
  if (!buckets) return buckets.error();
  auto tags = db.reports().VolumeByTag(shop, w.from, w.to);
  if (!tags) return tags.error();
  std::map<CivilDate, std::map<ChannelId, std::int64_t>> by_day;
  std::map<CivilDate, std::int64_t> by_week;
  std::map<ChannelId, std::int64_t> by_channel;
  std::int64_t total = 0;
  // Buckets are 15 minutes: every zone's midnight falls on one of their edges.
  for (const auto& b : *buckets) {
    const LocalTime at = ToLocal(b.start, w.time_zone);
    by_day[at.date][b.channel_id] += b.count;
    by_week[WeekStart(at.date)] += b.count;
    by_channel[b.channel_id] += b.count;
    total += b.count;
  }
  ojson out = Header(ReportKind::kVolume, w);
  out["total"] = total;
  ojson days = ojson::array(), weeks = ojson::array(), channels = ojson::array(),
        tag_rows = ojson::array(), table = ojson::array();
  for (const auto& [date, per_channel] : by_day) {
    std::int64_t count = 0;
    ojson split = ojson::object();
    for (const auto& [channel, n] : per_channel) {
      count += n;
      split[std::to_string(channel)] = n;
      table.push_back({{"date", FormatCivilDate(date)},
                       {"channel_id", channel},
                       {"channel", names.Channel(channel)},
                       {"conversations", n}});
    }
    days.push_back({{"date", FormatCivilDate(date)}, {"count", count}, {"by_channel", split}});
  }
  for (const auto& [week, n] : by_week) {
    weeks.push_back({{"week_start", FormatCivilDate(week)}, {"count", n}});
  }
  for (const auto& [channel, n] : by_channel) {
    channels.push_back(
        {{"channel_id", channel}, {"channel", names.Channel(channel)}, {"count", n}});
  }
  for (const auto& t : *tags) tag_rows.push_back({{"tag", t.tag}, {"count", t.count}});
  out["by_day"] = days;
  out["by_week"] = weeks;
  out["by_channel"] = channels;
  out["by_tag"] = tag_rows;
  out["table"] = table;
  return out;
}

// Answered clocks give a duration; an unanswered one waiting over 24 h (or past its
// target) counts as not within; younger unanswered ones are not decided yet.
Result<ojson> FirstResponse(store::Database& db, ShopId shop, const Window& w, const Names& names,
                            Timestamp now) {
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
  ojson out = Header(ReportKind::kFirstResponse, w);
  all.Describe(out, true);
  ojson channels = ojson::array(), agents = ojson::array(), table = ojson::array();
  for (auto& [channel, d] : by_channel) {
    ojson row = {{"scope", "channel"}, {"id", channel}, {"name", names.Channel(channel)}};
    d.Describe(row, true);
    channels.push_back(row);
    table.push_back(row);
  }
  for (auto& [agent, d] : by_agent) {
    ojson row = {{"scope", "agent"}, {"id", agent}, {"name", names.Agent(agent)}};
    d.Describe(row, true);
    agents.push_back(row);
    table.push_back(row);
  }
  out["by_channel"] = channels;
  out["by_agent"] = agents;
  out["table"] = table;
  return out;
}

Result<ojson> Resolution(store::Database& db, ShopId shop, const Window& w, const Names& names) {
  auto rows = db.reports().Resolutions(shop, w.from, w.to);
  if (!rows) return rows.error();
  Durations all;
  std::map<ChannelId, Durations> by_channel;
  for (const auto& r : *rows) {
    all.values.push_back(r.resolved_at - r.created_at);
    by_channel[r.channel_id].values.push_back(r.resolved_at - r.created_at);
  }
  ojson out = Header(ReportKind::kResolution, w);
  all.Describe(out, false);
  ojson channels = ojson::array();
  for (auto& [channel, d] : by_channel) {
    ojson row = {{"channel_id", channel}, {"channel", names.Channel(channel)}};
    d.Describe(row, false);
    channels.push_back(row);
  }
  out["by_channel"] = channels;
  out["table"] = channels;
  return out;
}

Result<ojson> Backlog(store::Database& db, ShopId shop, const Window& w, Timestamp now) {
  const std::vector<Timestamp> limits = {kDay, 3 * kDay, 7 * kDay};
  const std::array<std::string_view, 4> ages = {"under_1d", "1d_to_3d", "3d_to_7d", "over_7d"};
  auto counts = db.reports().Backlog(shop, now, limits);
  if (!counts) return counts.error();
  std::array<std::int64_t, 4> by_age{};
  std::map<std::string, std::array<std::int64_t, 4>> by_status;
  std::int64_t total = 0;
  for (const auto& c : *counts) {
    by_age[c.age_bucket] += c.count;
    by_status[std::string(StatusName(c.status))][c.age_bucket] += c.count;
    total += c.count;
  }
  ojson out = Header(ReportKind::kBacklog, w);
  out["at"] = FormatIso8601(now);
  out["total"] = total;
  ojson age_rows = ojson::array(), table = ojson::array();
  for (std::size_t i = 0; i < ages.size(); ++i) {
    age_rows.push_back({{"age", ages[i]}, {"count", by_age[i]}});
  }
  for (const char* status : {"open", "pending", "on_hold"}) {
    for (std::size_t i = 0; i < ages.size(); ++i) {
      table.push_back({{"status", status}, {"age", ages[i]}, {"count", by_status[status][i]}});
    }
  }
  out["by_age"] = age_rows;
  out["table"] = table;
  return out;
}

ojson LateRow(const store::ClockRow& r, const Names& names, Timestamp now) {
  return {{"conversation_id", r.conversation_id},
          {"message_id", r.message_id},
          {"channel_id", r.channel_id},
          {"channel", names.Channel(r.channel_id)},
          {"received_at", FormatIso8601(r.started_at)},
          {"due_at", FormatIso8601(*r.breached_at)},
          {"answered_at", r.state == SlaClockState::kFulfilled && r.ended_at
                              ? ojson(FormatIso8601(*r.ended_at))
                              : ojson(nullptr)},
          {"late_seconds", (r.ended_at.value_or(now) - *r.breached_at) / kMillisPerSecond},
          {"answered", r.state == SlaClockState::kFulfilled}};
}

Result<ojson> LateResponses(store::Database& db, ShopId shop, const Window& w, const Names& names,
                            Timestamp now) {
  auto counts = db.reports().LateResponseCounts(shop, w.from, w.to);
  if (!counts) return counts.error();
  auto rows = db.reports().LateResponses(shop, w.from, w.to, kMaxLateItems);
  if (!rows) return rows.error();
  ojson items = ojson::array();
  for (const auto& r : *rows) items.push_back(LateRow(r, names, now));
  std::int64_t total = 0;
  for (const auto& [channel, n] : *counts) total += n;
  ojson out = Header(ReportKind::kLateResponses, w);
  out["count"] = total;
  out["listed"] = items.size();  // the newest kMaxLateItems
  ojson channels = ojson::array();
  for (const auto& [channel, n] : *counts) {
    channels.push_back(
        {{"channel_id", channel}, {"channel", names.Channel(channel)}, {"count", n}});
  }
  out["by_channel"] = channels;
  out["table"] = items;
  return out;
}

Result<ojson> Health(store::Database& db, ShopId shop, const Window& w, const Names& names,
                     Timestamp now) {
  auto unanswered = db.reports().Unanswered(shop, now - kDay, 20);
  if (!unanswered) return unanswered.error();
  auto late_counts = db.reports().LateResponseCounts(shop, now - 30 * kDay, now + 1);
  if (!late_counts) return late_counts.error();
  std::int64_t late = 0;
  for (const auto& [channel, n] : *late_counts) late += n;
  auto first = FirstResponse(db, shop, Window{now - 30 * kDay, now + 1, w.time_zone}, names, now);
  if (!first) return first.error();
  // Volume spikes: each of the last 7 days against the usual day of the 28 before.
  auto buckets = db.reports().VolumeTotals(shop, now - 36 * kDay, now + 1);
  if (!buckets) return buckets.error();
  std::map<CivilDate, std::int64_t> by_day;
  for (const auto& b : *buckets) by_day[ToLocal(b.start, w.time_zone).date] += b.count;
  const VolumeSpikeReport volume = FindVolumeSpikes(by_day, ToLocal(now, w.time_zone).date);
  const auto hundredths = [](double x) {
    return static_cast<double>(static_cast<std::int64_t>(x * 100)) / 100.0;
  };
  ojson spikes = ojson::array();
  for (const auto& spike : volume.spikes) {
    const double usual = volume.baseline_per_day;
    spikes.push_back(
        {{"date", FormatCivilDate(spike.date)},
         {"count", spike.count},
         {"baseline_per_day", hundredths(usual)},
         {"ratio", usual > 0 ? ojson(hundredths(spike.count / usual)) : ojson(nullptr)}});
  }
  ojson oldest = ojson::array();
  for (const auto& r : unanswered->second) {
    // At most 20 rows: two look-ups each are cheaper than widening the clock query.
    auto conversation = db.conversations().Find(shop, r.conversation_id);
    if (!conversation) return conversation.error();
    auto customer = db.customers().Find(shop, conversation->customer_id);
    const bool known = customer && customer->erased_at == 0;
    oldest.push_back({{"conversation_id", r.conversation_id},
                      {"message_id", r.message_id},
                      {"subject", conversation->subject},
                      {"customer_name", known ? customer->name : ""},
                      {"customer_email", known ? customer->email : ""},
                      {"received_at", FormatIso8601(r.started_at)},
                      {"waiting_seconds", (now - r.started_at) / kMillisPerSecond}});
  }
  ojson out = Header(ReportKind::kHealth, w);
  out["at"] = FormatIso8601(now);
  out["unanswered_over_24h"] = unanswered->first;
  out["oldest_unanswered"] = oldest;
  out["late_responses_30d"] = late;
  out["first_response_within_24h_share_30d"] = (*first)["within_24h_share"];
  out["volume_spikes"] = spikes;
  // Below 14 days of mail in the 28 before the last week, no day is judged.
  out["volume_history_days"] = volume.history_days;
  out["volume_enough_history"] = volume.enough_history;
  ojson flags = ojson::array();
  if (unanswered->first > 0) flags.push_back("unanswered_over_24h");
  if (late > 0) flags.push_back("late_responses");
  if (!spikes.empty()) flags.push_back("volume_spike");
  out["flags"] = flags;
  out["table"] = ojson::array({{{"figure", "unanswered_over_24h"}, {"value", unanswered->first}},
                               {{"figure", "late_responses_30d"}, {"value", late}},
                               {{"figure", "first_response_within_24h_share_30d"},
                                {"value", out["first_response_within_24h_share_30d"]}},
                               {{"figure", "volume_spike_days_7d"}, {"value", spikes.size()}}});
  return out;
}

std::string CsvField(const ojson& value) {
  std::string text;
  if (value.is_null()) return "";
  text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::optional<ReportKind> ParseReportKind(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<ReportKind>(i);
  }
  return std::nullopt;
}

std::string_view ReportKindName(ReportKind kind) { return kNames[static_cast<int>(kind)]; }

std::string ReportKindList() {
  std::string out;
  for (auto name : kNames) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

Result<nlohmann::ordered_json> BuildReport(store::Database& db, ShopId shop,
                                           const ReportRequest& request, Timestamp now) {
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
  switch (request.kind) {
    case ReportKind::kVolume:
      return Volume(db, shop, w, *names);
    case ReportKind::kFirstResponse:
      return FirstResponse(db, shop, w, *names, now);
    case ReportKind::kResolution:
      return Resolution(db, shop, w, *names);
    case ReportKind::kBacklog:
      return Backlog(db, shop, w, now);
    case ReportKind::kLateResponses:
      return LateResponses(db, shop, w, *names, now);
    case ReportKind::kHealth:
      return Health(db, shop, w, *names, now);
  }
  return Error::InvalidArgument("unknown report");
}

std::string ReportCsv(const nlohmann::ordered_json& report) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 BOM for Excel
  const auto& table = report.contains("table") ? report["table"] : ojson::array();
  if (table.empty()) return out;
  bool first = true;
  for (auto it = table[0].begin(); it != table[0].end(); ++it) {
    out += (first ? "" : ",") + CsvField(it.key());
    first = false;
  }
  out += "\r\n";
  for (const auto& row : table) {
    first = true;
    for (auto it = table[0].begin(); it != table[0].end(); ++it) {
      out += (first ? "" : ",") + CsvField(row.contains(it.key()) ? row[it.key()] : ojson());
      first = false;
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace shopdesk::services
