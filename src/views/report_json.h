#pragma once

// Reports (core/report.h) as the documents `GET /api/v1/reports/{name}` and
// `shopdesk report` print. The key names and their order are a public contract
// (docs/api/openapi.yaml): add keys freely, never rename one. Every document has a
// "table" array whose rows are also its CSV export.

#include <nlohmann/json.hpp>
#include <string>

#include "core/report.h"

namespace shopdesk::views {

// Shares have at most 4 decimals (cut, not rounded) and are null without a whole;
// a spike's ratio and baseline have at most 2; durations are whole seconds.
nlohmann::ordered_json ReportJson(const Report& report);

// The report's "table" as CSV (RFC 4180, CRLF, a header row from the first row's keys),
// with a UTF-8 byte order mark so that Excel opens Japanese text correctly.
std::string ReportCsv(const Report& report);

}  // namespace shopdesk::views
