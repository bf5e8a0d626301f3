#pragma once

// Reports for a shop over a window of time (default: the last 30 days), as the values
// of core/report.h (views/report_json renders them as JSON and CSV):
//   volume          conversations per local day and week, per channel, per tag
//   first-response  first-response time (median, p90) and the share answered within
//                   24 hours and within the target, per channel and per agent (the Star
//                   Seller style figure; unanswered messages older than 24 h count as
//                   not within)
//   resolution      time from the first message to resolved (median, p90) per channel
//   backlog         open, pending and on-hold conversations by age
//   late-responses  customer messages answered after their due time, and how late
//                   (all counted; the newest 500 listed)
//   health          the seller-health summary: unanswered messages older than 24 hours,
//                   late responses, the 24-hour share, and volume spikes against the
//                   previous four weeks' baseline (Black Friday, セール)
// Every figure comes from the stored clocks and conversations; times are calendar time.

#include <optional>

#include "core/report.h"
#include "core/result.h"
#include "core/time.h"
#include "store/database.h"

namespace shopdesk::services {

struct ReportRequest {
  ReportKind kind = ReportKind::kVolume;
  std::optional<Timestamp> from;  // default: to - 30 days
  std::optional<Timestamp> to;    // default: now
};

// InvalidArgument for from >= to or a window over 366 days.
Result<Report> BuildReport(store::Database& db, ShopId shop, const ReportRequest& request,
                           Timestamp now);

}  // namespace shopdesk::services
