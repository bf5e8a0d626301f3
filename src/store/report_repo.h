#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/conversation.h"
#include "core/result.h"
#include "core/sla_clock.h"

namespace shopdesk::store {

// Aggregates for reports (services/reports.h), each one query over an index by time.
struct VolumeBucket {
  Timestamp start = 0;  // a 15-minute bucket of created_at (local days are made of them)
  ChannelId channel_id = 0;
  std::int64_t count = 0;
};
struct TagCount {
  std::string tag;
  std::int64_t count = 0;
};
// A customer message's clock, as reports read it.
struct ClockRow {
  ChannelId channel_id = 0;
  ConversationId conversation_id = 0;
  MessageId message_id = 0;
  std::optional<AgentId> fulfilled_by;
  SlaClockState state = SlaClockState::kRunning;
  Timestamp started_at = 0;
  Timestamp due_at = 0;
  std::optional<Timestamp> breached_at;
  std::optional<Timestamp> ended_at;
};
struct ResolutionRow {
  ChannelId channel_id = 0;
  Timestamp created_at = 0;
  Timestamp resolved_at = 0;
};
struct BacklogCount {
  ConversationStatus status = ConversationStatus::kOpen;
  int age_bucket = 0;  // index into the `age_limits` given to Backlog, or its size: older
  std::int64_t count = 0;
};

class ReportRepo {
 public:
  virtual ~ReportRepo() = default;
  // Conversations created in [from, to), per 15-minute bucket and channel.
  virtual Result<std::vector<VolumeBucket>> Volume(ShopId shop, Timestamp from, Timestamp to) = 0;
  // The same without the split by channel (channel_id 0).
  virtual Result<std::vector<VolumeBucket>> VolumeTotals(ShopId shop, Timestamp from,
                                                         Timestamp to) = 0;
  // Tags of the conversations created in [from, to), most used first.
  virtual Result<std::vector<TagCount>> VolumeByTag(ShopId shop, Timestamp from, Timestamp to) = 0;
  // First-response clocks started in [from, to), except stopped ones: channel,
  // fulfilled_by, state (fulfilled, or running for any other), started_at, breached_at
  // and ended_at only.
  virtual Result<std::vector<ClockRow>> FirstResponses(ShopId shop, Timestamp from,
                                                       Timestamp to) = 0;
  // Clocks breached in [from, to), newest first, at most `limit`.
  virtual Result<std::vector<ClockRow>> LateResponses(ShopId shop, Timestamp from, Timestamp to,
                                                      int limit) = 0;
  // How many clocks were breached in [from, to), per channel.
  virtual Result<std::vector<std::pair<ChannelId, std::int64_t>>> LateResponseCounts(
      ShopId shop, Timestamp from, Timestamp to) = 0;
  // Conversations waiting for an answer since before `before`: the oldest running clock
  // of each (a paused clock, on hold by the shop's choice, does not wait), oldest
  // first, at most `limit`; and how many such conversations there are in all.
  virtual Result<std::pair<std::int64_t, std::vector<ClockRow>>> Unanswered(ShopId shop,
                                                                            Timestamp before,
                                                                            int limit) = 0;
  // Conversations resolved or closed in [from, to).
  virtual Result<std::vector<ResolutionRow>> Resolutions(ShopId shop, Timestamp from,
                                                         Timestamp to) = 0;
  // Open, pending and on-hold conversations by status and age: bucket i holds those
  // created after now - age_limits[i] (and not a younger bucket); ascending limits.
  virtual Result<std::vector<BacklogCount>> Backlog(ShopId shop, Timestamp now,
                                                    const std::vector<Timestamp>& age_limits) = 0;
};

}  // namespace shopdesk::store
