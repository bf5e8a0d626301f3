#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shopdesk::channels::email {

// Thin wrappers over glibc iconv, always converting to UTF-8. Thread-safe (each thread
// keeps its own descriptors open for reuse).

// Strict: nullopt when `from` is unknown to iconv or any byte is invalid or truncated.
std::optional<std::string> IconvStrict(std::string_view bytes, const char* from);

// Lenient: every byte that cannot start a valid character becomes U+FFFD and
// `*replaced` (if given) counts them. An unknown `from` falls back to CP932.
std::string IconvReplacing(std::string_view bytes, const char* from, int* replaced = nullptr);

}  // namespace shopdesk::channels::email
