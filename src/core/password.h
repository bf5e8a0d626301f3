#pragma once

// Password hashing with argon2id (libsodium's crypto_pwhash_str), and the password
// policy. Thread-safe.

#include <string>
#include <string_view>

#include "core/result.h"

namespace shopdesk {

// How much work one hash costs. kInteractive is libsodium's interactive level (64 MiB,
// a fraction of a second); kFast is for tests only.
enum class PasswordCost { kInteractive, kFast };

// The encoded hash ("$argon2id$v=19$m=...") of `password`. Internal when libsodium
// runs out of memory.
Result<std::string> HashPassword(std::string_view password,
                                 PasswordCost cost = PasswordCost::kInteractive);

// True when `password` matches `encoded`; false for a mismatch or a malformed hash.
// Takes about as long as hashing, whatever the input.
bool VerifyPassword(std::string_view password, const std::string& encoded);

// InvalidArgument, saying what is wrong, unless `password` has 10 to 1024 bytes, is
// valid UTF-8 without control characters and is not the e-mail address itself.
Status CheckPasswordPolicy(std::string_view password, std::string_view email);

// Compares two secrets in time that does not depend on where they differ.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace shopdesk
