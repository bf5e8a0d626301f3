#pragma once

#include <string>
#include <string_view>

namespace shopdesk {

// Lower-case hex SHA-256 of `bytes` (content addresses of blobs, token hashes).
std::string Sha256Hex(std::string_view bytes);
// The 32 raw bytes of the SHA-256 of `bytes`.
std::string Sha256Raw(std::string_view bytes);

// `n_bytes` of cryptographically secure randomness as lower-case hex
// (API tokens, Message-ID uniqueness). Thread-safe.
std::string RandomHex(size_t n_bytes);

}  // namespace shopdesk
