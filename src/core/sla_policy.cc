#include "core/sla_policy.h"

#include <algorithm>
#include <functional>

namespace shopdesk {

std::string_view SlaCountingName(SlaCounting counting) {
  return counting == SlaCounting::kBusiness ? "business" : "calendar";
}

std::optional<SlaCounting> ParseSlaCounting(std::string_view name) {
  if (name == "calendar") return SlaCounting::kCalendar;
  if (name == "business") return SlaCounting::kBusiness;
  return std::nullopt;
}

SlaPolicy DefaultSlaPolicy(ShopId shop, ChannelId channel) {
  SlaPolicy policy;
  policy.shop_id = shop;
  policy.channel_id = channel;
  return policy;
}

Status NormalizeSlaPolicy(SlaPolicy& policy) {
  constexpr Timestamp kMinute = 60 * kMillisPerSecond;
  constexpr Timestamp kMaxTarget = 30 * kMillisPerDay;
  for (auto [name, value] : {std::pair{"first_response_minutes", policy.first_response},
                             std::pair{"next_response_minutes", policy.next_response}}) {
    if (value < kMinute || value > kMaxTarget) {
      return Error::InvalidArgument(std::string(name) + " must be between 1 and " +
                                    std::to_string(kMaxTarget / kMinute) + " (30 days); got " +
                                    std::to_string(value / kMinute));
    }
  }
  auto& warn = policy.warn_before;
  std::sort(warn.begin(), warn.end(), std::greater<>());
  warn.erase(std::unique(warn.begin(), warn.end()), warn.end());
  if (warn.size() > 5) return Error::InvalidArgument("warn_minutes holds at most 5 values");
  const Timestamp shortest = std::min(policy.first_response, policy.next_response);
  for (Timestamp w : warn) {
    if (w < kMinute || w >= shortest) {
      return Error::InvalidArgument("warn_minutes value " + std::to_string(w / kMinute) +
                                    " must be at least 1 and shorter than the shortest target (" +
                                    std::to_string(shortest / kMinute) + " minutes)");
    }
  }
  return Ok();
}

}  // namespace shopdesk
