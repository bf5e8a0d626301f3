#pragma once

// Days of unusual inbound volume, for the health report: a sale, a marketplace
// incident, a delivery problem that makes many customers write at once.

#include <cstdint>
#include <map>
#include <vector>

#include "core/civil_date.h"

namespace shopdesk {

struct VolumeSpike {
  CivilDate date;
  std::int64_t count = 0;
};

struct VolumeSpikeReport {
  // The usual day: the median of the 28 days before the last 7 (days without mail
  // count as 0). A median, not a mean, so that one earlier spike does not hide the next.
  double baseline_per_day = 0;
  // Days of those 28 that had mail. Below kMinHistoryDays there is no usual day to
  // compare with (a new shop, or one that just moved its mail here): no day is judged.
  int history_days = 0;
  bool enough_history = false;
  std::vector<VolumeSpike> spikes;  // oldest first, within the last 7 days
};

inline constexpr int kSpikeRecentDays = 7;
inline constexpr int kSpikeBaselineDays = 28;
inline constexpr int kMinHistoryDays = 14;

// `by_day`: inbound conversations per local day (missing days: none). `today` is the
// last of the 7 days judged. A day is a spike when it has at least twice the usual
// day and at least 5 more than it, so that a quiet shop's 3 instead of 1 is not one.
VolumeSpikeReport FindVolumeSpikes(const std::map<CivilDate, std::int64_t>& by_day,
                                   CivilDate today);

}  // namespace shopdesk
