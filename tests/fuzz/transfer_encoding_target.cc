// Base64 and the RFC 2047 "Q" encoding: damaged bodies and encoded words from mail.

#include <algorithm>
#include <cctype>
#include <string>

#include "channels/email/transfer_encoding.h"
#include "fuzz_check.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

bool IsBase64Text(std::string_view s) {
  for (unsigned char c : s) {
    const bool ok = std::isalnum(c) || c == '+' || c == '/' || c == '=' || c == '\r' || c == '\n';
    if (!ok) return false;
  }
  return true;
}

// The longest line of `s` (lines end in CRLF).
size_t LongestLine(std::string_view s) {
  size_t longest = 0;
  for (size_t pos = 0; pos <= s.size();) {
    const size_t end = std::min(s.find("\r\n", pos), s.size());
    longest = std::max(longest, end - pos);
    pos = end + 2;
  }
  return longest;
}

}  // namespace

void FuzzTransferEncoding(std::string_view data) {
  using namespace channels::email;
  // Damaged input decodes to at most 3 bytes per 4 characters, and Q to at most one
  // byte per character.
  FUZZ_CHECK(Base64Decode(data).size() <= data.size() * 3 / 4 + 1);
  FUZZ_CHECK(QDecode(data).size() <= data.size());

  // Whatever we encode decodes to the same bytes, at any line length.
  const size_t line_length = data.empty() ? 0 : static_cast<unsigned char>(data[0]) % 80;
  for (size_t length : {size_t{0}, size_t{76}, line_length}) {
    const std::string encoded = Base64Encode(data, length);
    FUZZ_CHECK(IsBase64Text(encoded));
    FUZZ_CHECK(Base64Decode(encoded) == data);
    if (length > 0) FUZZ_CHECK(LongestLine(encoded) <= length);
    if (length == 0) FUZZ_CHECK(encoded.size() == (data.size() + 2) / 3 * 4);
  }
}

}  // namespace shopdesk::fuzz
