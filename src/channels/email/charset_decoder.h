#pragma once

#include <string>
#include <string_view>

namespace shopdesk::channels::email {

struct DecodedText {
  std::string utf8;     // always well-formed UTF-8
  bool ok = true;       // false: some bytes could not be decoded (U+FFFD in their place)
  std::string charset;  // what was actually used, e.g. "CP932", "ISO-2022-JP"
  std::string note;     // when !ok: why, Japanese first, then English (UTF-8); else empty
};

// Turns bytes in the declared charset into UTF-8 the way a Japanese customer's
// mailer meant them:
// - ESC $ B / ESC $ @ (or another Japanese designation) in the bytes means ISO-2022-JP
//   whatever the label says, or when there is none; it is decoded by hand with the
//   JIS X 0208 rows read through CP932 (DecodeIso2022Jp), so ①, ㈱ and 髙 survive.
// - Bytes without 8-bit characters are ASCII; valid UTF-8 is UTF-8 whatever the label
//   (legacy Japanese text is practically never valid UTF-8 by accident, while UTF-8
//   under a legacy label is a common lie).
// - Shift_JIS, SJIS, x-sjis, MS_Kanji, Windows-31J and friends are read as CP932.
// - EUC-JP is read as EUC-JP-MS (the Microsoft mapping, so "～" comes out as it does
//   from CP932 and ISO-2022-JP mail, and NEC row 13 survives), then as plain EUC-JP.
// - UTF-7 (also as unicode-1-1-utf-7, x-unicode-2-0-utf-7 and the like), UTF-16/32 and
//   any other charset iconv knows are converted by iconv.
// - A label that lies or says nothing (8-bit bytes under us-ascii or ISO-2022-JP,
//   invalid UTF-8 under UTF-8, an unknown name) falls back to CP932, then EUC-JP.
// - When nothing fits, undecodable bytes become U+FFFD, ok is false and note says so.
// Never throws; thread-safe.
DecodedText DecodeToUtf8(std::string_view bytes, std::string_view declared_charset);

// True when `bytes` is well-formed UTF-8 (no overlongs, surrogates or truncation).
bool IsValidUtf8(std::string_view bytes);

// `bytes` with each byte that does not start a well-formed UTF-8 sequence replaced by
// U+FFFD (so well-formed input comes back unchanged).
std::string ReplaceInvalidUtf8(std::string_view bytes);

// `bytes` as text that can be stored and compared as UTF-8, for identifiers taken
// verbatim from a mail (Message-IDs): well-formed UTF-8 stays as it is; each byte of an
// ill-formed sequence, and each control character, becomes "%XX" (upper-case hex), so
// distinct byte strings stay distinct unless one already spelled out such an escape.
std::string EscapeNonUtf8(std::string_view bytes);

// A declared charset label as notes may quote it: printable ASCII only (any other byte
// becomes '?'), at most 40 characters (then "..."). Labels come from the mail, so they
// may hold any bytes, and notes are stored as UTF-8 text.
std::string DisplayLabel(std::string_view declared_charset);

}  // namespace shopdesk::channels::email
