#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shopdesk {

// Milliseconds since the Unix epoch, UTC. Stored as an integer in every backend.
using Timestamp = std::int64_t;

constexpr Timestamp kMillisPerSecond = 1000;
constexpr Timestamp kMillisPerHour = 3600 * kMillisPerSecond;
constexpr Timestamp kMillisPerDay = 24 * kMillisPerHour;

// "2026-11-23T05:23:23.000Z"
std::string FormatIso8601(Timestamp t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.fff](Z|+hh:mm)"; nullopt when malformed.
std::optional<Timestamp> ParseIso8601(std::string_view text);

}  // namespace shopdesk
