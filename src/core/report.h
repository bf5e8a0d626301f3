#pragma once

// The reports a shop reads about its own service, as plain values: services/reports
// computes them from the stored clocks and conversations, views/report_json renders
// them as JSON and CSV. Durations are whole seconds; shares are kept as the counts
// they are made of, so that no layer below the view rounds anything.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/civil_date.h"
#include "core/conversation.h"
#include "core/ids.h"
#include "core/time.h"
#include "core/volume_spikes.h"

namespace shopdesk {

enum class ReportKind { kVolume, kFirstResponse, kResolution, kBacklog, kLateResponses, kHealth };
std::optional<ReportKind> ParseReportKind(std::string_view name);
std::string_view ReportKindName(ReportKind kind);
// "volume, first-response, resolution, backlog, late-responses, health"
std::string ReportKindList();

// `part` of `whole`; no share at all when `whole` is 0.
struct Share {
  std::int64_t part = 0;
  std::int64_t whole = 0;
};

// Nearest-rank median and 90th percentile; none without values.
struct DurationStats {
  std::int64_t count = 0;
  std::optional<std::int64_t> median_seconds;
  std::optional<std::int64_t> p90_seconds;
};

struct ResponseFigures {
  DurationStats times;
  Share within_24h;     // of the decided: answered, or waiting longer than 24 hours
  Share within_target;  // answered before the policy's due time
};

struct ChannelCount {
  ChannelId channel_id = 0;
  std::string channel;  // "" for a channel the shop no longer lists
  std::int64_t count = 0;
};

// volume: conversations per local day and week, per channel, per tag.
struct VolumeReport {
  struct Day {
    CivilDate date;
    std::int64_t count = 0;
    std::vector<ChannelCount> by_channel;  // by channel id
  };
  struct Week {
    CivilDate week_start;  // a Monday
    std::int64_t count = 0;
  };
  struct TagCount {
    std::string tag;
    std::int64_t count = 0;
  };
  std::int64_t total = 0;
  std::vector<Day> by_day;
  std::vector<Week> by_week;
  std::vector<ChannelCount> by_channel;
  std::vector<TagCount> by_tag;
};

// first-response: the whole shop, then per channel and per agent who answered.
struct FirstResponseReport {
  struct Scoped {
    std::int64_t id = 0;  // a ChannelId or an AgentId
    std::string name;     // "" for one the shop no longer lists
    ResponseFigures figures;
  };
  ResponseFigures all;
  std::vector<Scoped> by_channel;
  std::vector<Scoped> by_agent;
};

// resolution: from the first message to resolved.
struct ResolutionReport {
  struct PerChannel {
    ChannelId channel_id = 0;
    std::string channel;
    DurationStats times;
  };
  DurationStats all;
  std::vector<PerChannel> by_channel;
};

// backlog: conversations still to work on, by how long they have waited.
inline constexpr std::array<std::string_view, 4> kBacklogAges = {"under_1d", "1d_to_3d", "3d_to_7d",
                                                                 "over_7d"};
inline constexpr std::array<ConversationStatus, 3> kBacklogStatuses = {
    ConversationStatus::kOpen, ConversationStatus::kPending, ConversationStatus::kOnHold};
struct BacklogReport {
  Timestamp at = 0;
  std::int64_t total = 0;
  std::array<std::int64_t, kBacklogAges.size()> by_age{};
  // by_status[i] counts kBacklogStatuses[i] per age.
  std::array<std::array<std::int64_t, kBacklogAges.size()>, kBacklogStatuses.size()> by_status{};
};

// late-responses: customer messages answered after their due time, or still waiting past it.
struct LateResponse {
  ConversationId conversation_id = 0;
  MessageId message_id = 0;
  ChannelId channel_id = 0;
  std::string channel;
  Timestamp received_at = 0;
  Timestamp due_at = 0;
  std::optional<Timestamp> answered_at;
  std::int64_t late_seconds = 0;  // until answered, or until the report was made
  bool answered = false;
};
struct LateResponsesReport {
  std::int64_t count = 0;  // all of them
  std::vector<ChannelCount> by_channel;
  std::vector<LateResponse> listed;  // the newest, at most a few hundred
};

// health: the seller-health summary of the last 30 days and the last week.
struct HealthReport {
  struct Waiting {
    ConversationId conversation_id = 0;
    MessageId message_id = 0;
    std::string subject;
    std::string customer_name;   // "" once the customer is erased
    std::string customer_email;  // likewise
    Timestamp received_at = 0;
    std::int64_t waiting_seconds = 0;
  };
  Timestamp at = 0;
  std::int64_t unanswered_over_24h = 0;
  std::vector<Waiting> oldest_unanswered;  // the longest waiting first
  std::int64_t late_responses_30d = 0;
  Share first_response_within_24h_30d;
  VolumeSpikeReport volume;

  // What needs the seller's attention: "unanswered_over_24h", "late_responses",
  // "volume_spike", in that order.
  std::vector<std::string_view> Flags() const;
};

struct Report {
  ReportKind kind = ReportKind::kVolume;
  Timestamp from = 0;  // [from, to)
  Timestamp to = 0;
  std::string time_zone;  // the shop's: days and weeks are its local ones
  std::variant<VolumeReport, FirstResponseReport, ResolutionReport, BacklogReport,
               LateResponsesReport, HealthReport>
      body;
};

}  // namespace shopdesk
