#pragma once

#include <string>
#include <string_view>

namespace shopdesk::channels::email {

struct DecodedText {
  std::string utf8;
  bool ok = true;       // false: some bytes could not be decoded (U+FFFD in their place)
  std::string charset;  // what was actually used, e.g. "CP932"
};

// Turns bytes in the declared charset into UTF-8 the way a Japanese customer's
// mailer meant them:
// - ESC $ B / ESC $ @ in the bytes means ISO-2022-JP whatever the label says (or when
//   there is none); its JIS X 0208 rows are mapped through CP932 so NEC and IBM
//   extensions (①, ㈱, 髙) survive; half-width katakana (ESC ( I, SO/SI) too.
// - Shift_JIS and its aliases are read as CP932; EUC-JP tries EUC-JP-MS first.
// - A label that lies (8-bit bytes under us-ascii or ISO-2022-JP, invalid UTF-8 under
//   UTF-8, an unknown name) falls back to valid UTF-8, then CP932, then EUC-JP.
// - When nothing fits, undecodable bytes become U+FFFD and ok is false.
// Never throws; thread-safe.
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view declared_charset);

// True when `bytes` is well-formed UTF-8.
bool IsValidUtf8(std::string_view bytes);

}  // namespace shopdesk::channels::email
