#pragma once

#include <string_view>

namespace shopdesk {

// True for an IANA time zone name the system knows ("Asia/Tokyo", "UTC"); false for
// anything else, including abbreviations ICU would guess at ("JST").
bool IsKnownTimeZone(std::string_view name);

}  // namespace shopdesk
