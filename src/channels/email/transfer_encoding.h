#pragma once

#include <string>
#include <string_view>

namespace shopdesk::channels::email {

// Base64 (RFC 2045). Encode wraps lines at `line_length` with CRLF (0: no wrapping).
// Decode skips characters outside the alphabet and stops at padding, as mail readers
// do with damaged bodies.
std::string Base64Encode(std::string_view bytes, size_t line_length = 76);
std::string Base64Decode(std::string_view text);

// The "Q" encoding of RFC 2047 encoded words: '_' is a space, =XX a byte.
std::string QDecode(std::string_view text);

}  // namespace shopdesk::channels::email
