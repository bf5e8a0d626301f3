#include "views/report_json.h"

namespace shopdesk::views {
namespace {

using ojson = nlohmann::ordered_json;

template <typename T>
ojson OrNull(const std::optional<T>& value) {
  return value ? ojson(*value) : ojson(nullptr);
}

ojson ShareJson(const Share& share) {
  if (share.whole == 0) return nullptr;
  return static_cast<double>(share.part * 10000 / share.whole) / 10000.0;
}

double Hundredths(double x) {
  return static_cast<double>(static_cast<std::int64_t>(x * 100)) / 100.0;
}

void AddStats(ojson& out, const DurationStats& stats) {
  out["count"] = stats.count;
  out["median_seconds"] = OrNull(stats.median_seconds);
  out["p90_seconds"] = OrNull(stats.p90_seconds);
}

void AddFigures(ojson& out, const ResponseFigures& figures) {
  AddStats(out, figures.times);
  out["within_24h_share"] = ShareJson(figures.within_24h);
  out["within_target_share"] = ShareJson(figures.within_target);
}

ojson ChannelCountJson(const ChannelCount& c) {
  return {{"channel_id", c.channel_id}, {"channel", c.channel}, {"count", c.count}};
}

ojson ChannelCounts(const std::vector<ChannelCount>& counts) {
  ojson out = ojson::array();
  for (const auto& c : counts) out.push_back(ChannelCountJson(c));
  return out;
}

void Fill(ojson& out, const VolumeReport& r) {
  out["total"] = r.total;
  ojson days = ojson::array(), weeks = ojson::array(), tags = ojson::array(),
        table = ojson::array();
  for (const auto& day : r.by_day) {
    ojson split = ojson::object();
    for (const auto& c : day.by_channel) {
      split[std::to_string(c.channel_id)] = c.count;
      table.push_back({{"date", FormatCivilDate(day.date)},
                       {"channel_id", c.channel_id},
                       {"channel", c.channel},
                       {"conversations", c.count}});
    }
    days.push_back(
        {{"date", FormatCivilDate(day.date)}, {"count", day.count}, {"by_channel", split}});
  }
  for (const auto& week : r.by_week) {
    weeks.push_back({{"week_start", FormatCivilDate(week.week_start)}, {"count", week.count}});
  }
  for (const auto& t : r.by_tag) tags.push_back({{"tag", t.tag}, {"count", t.count}});
  out["by_day"] = days;
  out["by_week"] = weeks;
  out["by_channel"] = ChannelCounts(r.by_channel);
  out["by_tag"] = tags;
  out["table"] = table;
}

void Fill(ojson& out, const FirstResponseReport& r) {
  AddFigures(out, r.all);
  ojson table = ojson::array();
  const auto scoped = [&table](const char* scope, const auto& rows) {
    ojson list = ojson::array();
    for (const auto& s : rows) {
      ojson row = {{"scope", scope}, {"id", s.id}, {"name", s.name}};
      AddFigures(row, s.figures);
      list.push_back(row);
      table.push_back(row);
    }
    return list;
  };
  out["by_channel"] = scoped("channel", r.by_channel);
  out["by_agent"] = scoped("agent", r.by_agent);
  out["table"] = table;
}

void Fill(ojson& out, const ResolutionReport& r) {
  AddStats(out, r.all);
  ojson channels = ojson::array();
  for (const auto& c : r.by_channel) {
    ojson row = {{"channel_id", c.channel_id}, {"channel", c.channel}};
    AddStats(row, c.times);
    channels.push_back(row);
  }
  out["by_channel"] = channels;
  out["table"] = channels;
}

void Fill(ojson& out, const BacklogReport& r) {
  out["at"] = FormatIso8601(r.at);
  out["total"] = r.total;
  ojson ages = ojson::array(), table = ojson::array();
  for (std::size_t i = 0; i < kBacklogAges.size(); ++i) {
    ages.push_back({{"age", kBacklogAges[i]}, {"count", r.by_age[i]}});
  }
  for (std::size_t s = 0; s < kBacklogStatuses.size(); ++s) {
    for (std::size_t i = 0; i < kBacklogAges.size(); ++i) {
      table.push_back({{"status", StatusName(kBacklogStatuses[s])},
                       {"age", kBacklogAges[i]},
                       {"count", r.by_status[s][i]}});
    }
  }
  out["by_age"] = ages;
  out["table"] = table;
}

void Fill(ojson& out, const LateResponsesReport& r) {
  ojson items = ojson::array();
  for (const auto& late : r.listed) {
    items.push_back({{"conversation_id", late.conversation_id},
                     {"message_id", late.message_id},
                     {"channel_id", late.channel_id},
                     {"channel", late.channel},
                     {"received_at", FormatIso8601(late.received_at)},
                     {"due_at", FormatIso8601(late.due_at)},
                     {"answered_at",
                      late.answered_at ? ojson(FormatIso8601(*late.answered_at)) : ojson(nullptr)},
                     {"late_seconds", late.late_seconds},
                     {"answered", late.answered}});
  }
  out["count"] = r.count;
  out["listed"] = items.size();
  out["by_channel"] = ChannelCounts(r.by_channel);
  out["table"] = items;
}

void Fill(ojson& out, const HealthReport& r) {
  ojson spikes = ojson::array();
  const double usual = r.volume.baseline_per_day;
  for (const auto& spike : r.volume.spikes) {
    spikes.push_back(
        {{"date", FormatCivilDate(spike.date)},
         {"count", spike.count},
         {"baseline_per_day", Hundredths(usual)},
         {"ratio", usual > 0 ? ojson(Hundredths(spike.count / usual)) : ojson(nullptr)}});
  }
  ojson oldest = ojson::array();
  for (const auto& w : r.oldest_unanswered) {
    oldest.push_back({{"conversation_id", w.conversation_id},
                      {"message_id", w.message_id},
                      {"subject", w.subject},
                      {"customer_name", w.customer_name},
                      {"customer_email", w.customer_email},
                      {"received_at", FormatIso8601(w.received_at)},
                      {"waiting_seconds", w.waiting_seconds}});
  }
  const ojson share = ShareJson(r.first_response_within_24h_30d);
  out["at"] = FormatIso8601(r.at);
  out["unanswered_over_24h"] = r.unanswered_over_24h;
  out["oldest_unanswered"] = oldest;
  out["late_responses_30d"] = r.late_responses_30d;
  out["first_response_within_24h_share_30d"] = share;
  out["volume_spikes"] = spikes;
  // Below 14 days of mail in the 28 before the last week, no day is judged.
  out["volume_history_days"] = r.volume.history_days;
  out["volume_enough_history"] = r.volume.enough_history;
  ojson flags = ojson::array();
  for (std::string_view flag : r.Flags()) flags.push_back(std::string(flag));
  out["flags"] = flags;
  out["table"] =
      ojson::array({{{"figure", "unanswered_over_24h"}, {"value", r.unanswered_over_24h}},
                    {{"figure", "late_responses_30d"}, {"value", r.late_responses_30d}},
                    {{"figure", "first_response_within_24h_share_30d"}, {"value", share}},
                    {{"figure", "volume_spike_days_7d"}, {"value", spikes.size()}}});
}

std::string CsvField(const ojson& value) {
  if (value.is_null()) return "";
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

nlohmann::ordered_json ReportJson(const Report& report) {
  ojson out{{"report", ReportKindName(report.kind)},
            {"from", FormatIso8601(report.from)},
            {"to", FormatIso8601(report.to)},
            {"time_zone", report.time_zone}};
  std::visit([&out](const auto& body) { Fill(out, body); }, report.body);
  return out;
}

std::string ReportCsv(const Report& report) {
  std::string out = "\xEF\xBB\xBF";  // UTF-8 BOM for Excel
  const ojson document = ReportJson(report);
  const ojson& table = document["table"];
  if (table.empty()) return out;
  const ojson& header = table[0];
  bool first = true;
  for (auto it = header.begin(); it != header.end(); ++it) {
    out += (first ? "" : ",") + CsvField(it.key());
    first = false;
  }
  out += "\r\n";
  for (const auto& row : table) {
    first = true;
    for (auto it = header.begin(); it != header.end(); ++it) {
      out += (first ? "" : ",") + CsvField(row.contains(it.key()) ? row[it.key()] : ojson());
      first = false;
    }
    out += "\r\n";
  }
  return out;
}

}  // namespace shopdesk::views
