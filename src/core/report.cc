#include "core/report.h"

namespace shopdesk {
namespace {

constexpr std::array<std::string_view, 6> kNames = {"volume",  "first-response", "resolution",
                                                    "backlog", "late-responses", "health"};

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

std::vector<std::string_view> HealthReport::Flags() const {
  std::vector<std::string_view> flags;
  if (unanswered_over_24h > 0) flags.push_back("unanswered_over_24h");
  if (late_responses_30d > 0) flags.push_back("late_responses");
  if (!volume.spikes.empty()) flags.push_back("volume_spike");
  return flags;
}

}  // namespace shopdesk
