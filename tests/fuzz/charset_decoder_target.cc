// DecodeToUtf8 (every body and header charset goes through it) and the hand-written
// ISO-2022-JP decoder. Input: "<declared charset>\n<bytes>"; without a line break the
// label is empty and every byte is text.

#include <algorithm>
#include <cctype>
#include <string>

#include "channels/email/charset_decoder.h"
#include "channels/email/iso2022jp_decoder.h"
#include "fuzz_check.h"
#include "invariants.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

// Labels whose text is not ASCII-compatible (UTF-16, UTF-7, ISO-2022-KR, ...): for
// these even ASCII bytes may legitimately decode to something else.
bool MayChangeAscii(std::string_view label) {
  std::string l;
  for (char c : label) l.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return l.find("utf") != std::string::npos || l.find("ucs") != std::string::npos ||
         l.find("2022") != std::string::npos || l.find("hz") != std::string::npos;
}

}  // namespace

void FuzzCharsetDecoder(std::string_view data) {
  using channels::email::DecodeToUtf8;
  const auto newline = data.find('\n');
  const std::string_view label = newline == std::string_view::npos ? "" : data.substr(0, newline);
  const std::string_view bytes =
      newline == std::string_view::npos ? data : data.substr(newline + 1);

  const auto decoded = DecodeToUtf8(bytes, label);
  FUZZ_CHECK(IsWellFormedUtf8(decoded.utf8));
  FUZZ_CHECK(decoded.ok == decoded.note.empty());
  FUZZ_CHECK(!decoded.charset.empty());
  FUZZ_CHECK(IsWellFormedUtf8(decoded.note));
  const auto again = DecodeToUtf8(bytes, label);  // iconv descriptors are reused: no state leaks
  FUZZ_CHECK(again.utf8 == decoded.utf8 && again.ok == decoded.ok &&
             again.charset == decoded.charset);

  // The library's own validity test agrees with the standard's table.
  FUZZ_CHECK(channels::email::IsValidUtf8(bytes) == IsWellFormedUtf8(bytes));
  // UTF-8 (ASCII included) without ISO-2022-JP escapes is taken as it is, whatever an
  // ASCII-compatible label claims.
  if (bytes.find('\x1b') == std::string_view::npos && !MayChangeAscii(label) &&
      IsWellFormedUtf8(bytes)) {
    FUZZ_CHECK(decoded.utf8 == bytes && decoded.ok);
  }

  bool lossy = true;
  const std::string jis = channels::email::DecodeIso2022Jp(bytes, &lossy);
  FUZZ_CHECK(IsWellFormedUtf8(jis));
  // Pure ASCII without escapes or shifts is ASCII in ISO-2022-JP too.
  const bool plain_ascii = std::all_of(bytes.begin(), bytes.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x80 && u != 0x1b && u != 0x0e && u != 0x0f;
  });
  if (plain_ascii) FUZZ_CHECK(jis == bytes && !lossy);
}

}  // namespace shopdesk::fuzz
