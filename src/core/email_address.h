#pragma once

#include <string_view>

namespace shopdesk {

// An addr-spec we are willing to put in a mail header and hand to SMTP: local@domain
// in printable ASCII, at most 254 bytes, without spaces, brackets, quotes, commas or
// semicolons (nothing that could split a header or smuggle a second address).
bool IsPlainAddress(std::string_view address);

// Loose but useful, for addresses people type (an agent's login, a channel's From):
// one '@' with something on both sides, no spaces, control characters, brackets,
// commas or semicolons, at most 254 bytes.
bool LooksLikeEmailAddress(std::string_view address);

}  // namespace shopdesk
