#include "core/password.h"

#include <sodium.h>

#include <cstdlib>
#include <mutex>

namespace shopdesk {
namespace {

void EnsureSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) std::abort();
  });
}

bool ValidUtf8WithoutControls(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    if (c < 0x80) {
      if (c < 0x20 || c == 0x7f) return false;
    } else if ((c & 0xe0) == 0xc0 && c >= 0xc2) {
      extra = 1;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
    } else if ((c & 0xf8) == 0xf0 && c <= 0xf4) {
      extra = 3;
    } else {
      return false;
    }
    for (int k = 1; k <= extra; ++k) {
      if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return false;
    }
    i += 1 + extra;
  }
  return true;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  EnsureSodium();
  const bool fast = cost == PasswordCost::kFast;
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            fast ? 8192 : crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::Internal("hashing the password ran out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& encoded) {
  EnsureSodium();
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size()) == 0;
}

Status CheckPasswordPolicy(std::string_view password, std::string_view email) {
  if (password.size() < 10) {
    return Error::InvalidArgument("the password is too short: use at least 10 characters")
        .WithReason("password.too_short", {{"min", "10"}});
  }
  if (password.size() > 1024) {
    return Error::InvalidArgument("the password is too long: at most 1024 bytes")
        .WithReason("password.too_long");
  }
  if (!ValidUtf8WithoutControls(password)) {
    return Error::InvalidArgument(
               "the password must be UTF-8 text without control characters (tabs, line breaks)")
        .WithReason("password.control_characters");
  }
  if (password == email) {
    return Error::InvalidArgument("the password must not be the e-mail address")
        .WithReason("password.is_email");
  }
  return Ok();
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  EnsureSodium();
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace shopdesk
