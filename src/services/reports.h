#pragma once

// Reports for a shop over a window of time (default: the last 30 days), as JSON
// documents whose "table" array is also their CSV export:
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

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "store/database.h"

namespace shopdesk::services {

enum class ReportKind { kVolume, kFirstResponse, kResolution, kBacklog, kLateResponses, kHealth };
std::optional<ReportKind> ParseReportKind(std::string_view name);
std::string_view ReportKindName(ReportKind kind);
// "volume, first-response, resolution, backlog, late-responses, health"
std::string ReportKindList();

struct ReportRequest {
  ReportKind kind = ReportKind::kVolume;
  std::optional<Timestamp> from;  // default: to - 30 days
  std::optional<Timestamp> to;    // default: now
};

// InvalidArgument for from >= to or a window over 366 days.
Result<nlohmann::ordered_json> BuildReport(store::Database& db, ShopId shop,
                                           const ReportRequest& request, Timestamp now);

// The report's "table" as CSV (RFC 4180, CRLF, a header row from the first row's keys),
// with a UTF-8 byte order mark so that Excel opens Japanese text correctly.
std::string ReportCsv(const nlohmann::ordered_json& report);

}  // namespace shopdesk::services
