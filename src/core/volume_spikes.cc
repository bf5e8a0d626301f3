#include "core/volume_spikes.h"

#include <algorithm>

namespace shopdesk {

VolumeSpikeReport FindVolumeSpikes(const std::map<CivilDate, std::int64_t>& by_day,
                                   CivilDate today) {
  VolumeSpikeReport report;
  const CivilDate recent_start = AddDays(today, -(kSpikeRecentDays - 1));
  std::vector<std::int64_t> baseline;
  for (int i = kSpikeBaselineDays; i >= 1; --i) {
    const auto it = by_day.find(AddDays(recent_start, -i));
    const std::int64_t n = it == by_day.end() ? 0 : it->second;
    if (n > 0) ++report.history_days;
    baseline.push_back(n);
  }
  std::sort(baseline.begin(), baseline.end());
  const size_t mid = baseline.size() / 2;
  report.baseline_per_day = static_cast<double>(baseline[mid - 1] + baseline[mid]) / 2.0;
  report.enough_history = report.history_days >= kMinHistoryDays;
  if (!report.enough_history) return report;
  for (int i = 0; i < kSpikeRecentDays; ++i) {
    const CivilDate date = AddDays(recent_start, i);
    const auto it = by_day.find(date);
    const std::int64_t n = it == by_day.end() ? 0 : it->second;
    const double usual = report.baseline_per_day;
    if (n >= 2 * usual && n >= usual + 5) report.spikes.push_back({date, n});
  }
  return report;
}

}  // namespace shopdesk
