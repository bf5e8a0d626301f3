#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace shopdesk {

// Lower-case hex SHA-256 of `bytes` (content addresses of blobs, token hashes).
std::string Sha256Hex(std::string_view bytes);
// The 32 raw bytes of the SHA-256 of `bytes`.
std::string Sha256Raw(std::string_view bytes);

// SHA-256 over data that arrives in pieces (a file read in chunks). Not thread-safe.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void Update(std::string_view bytes);
  // Lower-case hex of everything Update() saw. Call once; the stream is spent after.
  std::string FinishHex();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Lower-case hex of raw bytes, and back (either case; nullopt for anything else).
std::string HexOf(std::string_view raw);
std::optional<std::string> DecodeHex(std::string_view hex);

// The 32 raw bytes of HMAC-SHA256 (RFC 2104) of `message` under `key`, of any length
// (webhook signatures).
std::string HmacSha256Raw(std::string_view key, std::string_view message);

// Whether `a` and `b` hold the same bytes, in a time that depends only on their lengths
// (comparing a secret-derived value with what a request claims).
bool ConstantTimeEqual(std::string_view a, std::string_view b);

// `n_bytes` of cryptographically secure randomness as lower-case hex
// (API tokens, Message-ID uniqueness). Thread-safe.
std::string RandomHex(size_t n_bytes);

}  // namespace shopdesk
