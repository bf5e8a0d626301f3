#pragma once

#include <string>
#include <string_view>

namespace shopdesk::channels::email {

// True when `bytes` contain an ISO-2022-JP designation of a Japanese double-byte set
// (ESC $ B, ESC $ @, ESC $ ( D/O/P/Q) or of half-width katakana (ESC ( I): such bytes
// are ISO-2022-JP whatever their label says.
bool LooksLikeIso2022Jp(std::string_view bytes);

// Decodes ISO-2022-JP and its variants (-MS, -1, -2004) to UTF-8 by hand, because
// glibc's ISO-2022-JP rejects the Microsoft extensions customers type every day:
// - ESC ( B / ESC ( J: ASCII (JIS-Roman); ESC ( I and SO/SI: half-width katakana;
// - ESC $ @ / ESC $ B: JIS X 0208, each pair turned into Shift_JIS arithmetically and
//   read as CP932, so the NEC row 13 (①, ㈱, №) and the NEC-selected IBM rows (髙)
//   survive;
// - ESC $ ( D: JIS X 0212 (via EUC-JP); ESC $ ( O / Q / P: JIS X 0213 (via EUC-JISX0213).
// Bytes that fit nothing become U+FFFD and set `*lossy`; nothing is dropped silently.
std::string DecodeIso2022Jp(std::string_view bytes, bool* lossy);

}  // namespace shopdesk::channels::email
