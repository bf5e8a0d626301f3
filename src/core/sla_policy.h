#pragma once

// A channel's response targets: how long the shop has to answer a customer's first
// message in a conversation and each later one, counted in calendar time (Amazon and
// Etsy count nights and weekends) or in the shop's business hours
// (core/business_calendar.h). Warnings fire at fixed amounts of time left.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "core/time.h"

namespace shopdesk {

enum class SlaCounting { kCalendar, kBusiness };
std::string_view SlaCountingName(SlaCounting counting);  // "calendar", "business"
std::optional<SlaCounting> ParseSlaCounting(std::string_view name);

struct SlaPolicy {
  ShopId shop_id = 0;
  ChannelId channel_id = 0;
  Timestamp first_response = 24 * kMillisPerHour;
  Timestamp next_response = 24 * kMillisPerHour;
  SlaCounting counting = SlaCounting::kCalendar;
  // Time left at which a warning fires, e.g. {4 h, 1 h}; sorted descending, unique.
  std::vector<Timestamp> warn_before = {4 * kMillisPerHour, kMillisPerHour};
  bool customized = false;  // false: the default for the channel's kind, never saved
};

// The policy a channel has until the shop sets one: 24 hours in calendar time with
// warnings at 4 h and 1 h, whatever the channel. Marketplaces count calendar time
// (Amazon counts weekends); a shop whose own mail is answered in office hours switches
// its mail channel to business time.
SlaPolicy DefaultSlaPolicy(ShopId shop, ChannelId channel);

// InvalidArgument naming the field: targets between 1 minute and 30 days, at most 5
// warnings each shorter than the shortest target. Sorts and de-duplicates warn_before.
Status NormalizeSlaPolicy(SlaPolicy& policy);

}  // namespace shopdesk
