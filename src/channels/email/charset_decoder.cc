#include "channels/email/charset_decoder.h"

#include <algorithm>
#include <initializer_list>

#include "channels/email/iconv_converter.h"
#include "channels/email/iso2022jp_decoder.h"

namespace shopdesk::channels::email {
namespace {

// "Shift_JIS", "\"utf-8\"", " ISO-2022-JP " -> "shift_jis", "utf-8", "iso-2022-jp".
// Anything but [a-z0-9._:+-] makes the label unusable (empty).
std::string NormalizeLabel(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\'' || c == ' ' || c == '\t') continue;
    c = static_cast<unsigned char>(std::tolower(c));
    if (!(std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '+' || c == '-')) return "";
    out.push_back(static_cast<char>(c));
  }
  if (out.size() > 40) return "";
  return out;
}

bool OneOf(const std::string& label, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), label) != names.end();
}

bool IsShiftJisLabel(const std::string& l) {
  return OneOf(l, {"shift_jis", "shift-jis", "shiftjis", "sjis", "x-sjis", "ms_kanji", "ms-kanji",
                   "csshiftjis", "windows-31j", "cswindows31j", "cp932", "ms932", "x-ms-cp932",
                   "ibm-943", "shift_jisx0213", "shift_jis-2004"});
}

bool IsEucJpLabel(const std::string& l) {
  return OneOf(l, {"euc-jp", "x-euc-jp", "eucjp", "euc_jp", "ujis", "x-euc", "euc-jp-ms",
                   "cseucpkdfmtjapanese", "euc-jisx0213", "euc-jis-2004"});
}

bool IsUtf8Label(const std::string& l) { return OneOf(l, {"utf-8", "utf8", "x-utf8"}); }

// Labels under which 8-bit bytes mean "the mailer did not say": use the fallback chain.
bool IsVagueLabel(const std::string& l) {
  return l.empty() || l.starts_with("iso-2022-jp") || l == "csiso2022jp" ||
         OneOf(l, {"us-ascii", "ascii", "ansi_x3.4-1968", "unknown-8bit", "x-unknown", "unknown",
                   "default", "7bit", "8bit", "x-user-defined"});
}

// UTF-7 under the names mailers give it (Outlook Express and .NET write
// "unicode-1-1-utf-7" and "x-unicode-2-0-utf-7"): iconv knows it as "UTF-7".
bool IsUtf7Label(const std::string& l) {
  return OneOf(l, {"utf-7", "utf7", "unicode-1-1-utf-7", "unicode-2-0-utf-7", "x-unicode-1-1-utf-7",
                   "x-unicode-2-0-utf-7", "x-unicode20utf7", "x-unicode11utf7", "csunicode11utf7"});
}

// Charsets whose text is not ASCII-compatible, so 7-bit bytes must still be converted.
bool IsNonAsciiCompatible(const std::string& l) {
  return l.starts_with("utf-16") || l.starts_with("utf-32") || l.starts_with("ucs-") ||
         l.starts_with("utf-7") || l.starts_with("iso-2022-kr") || l.starts_with("iso-2022-cn") ||
         l == "hz-gb-2312";
}

// What iconv should use for a label mailers use loosely; nullptr: the label itself.
const char* IconvAlias(const std::string& l) {
  if (OneOf(l, {"iso-8859-1", "latin1", "l1", "iso8859-1", "iso_8859-1", "windows-1252", "cp1252"}))
    return "WINDOWS-1252";  // what mailers really send under these labels
  if (OneOf(l, {"ks_c_5601-1987", "euc-kr", "ks_c_5601", "ksc5601", "cp949"})) return "CP949";
  if (OneOf(l, {"gb2312", "gbk", "x-gbk", "cp936", "gb18030", "euc-cn"})) return "GB18030";
  if (OneOf(l, {"big5", "big5-hkscs", "x-big5", "cp950"})) return "BIG5-HKSCS";
  return nullptr;
}

bool HasEightBit(std::string_view b) {
  return std::any_of(b.begin(), b.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

std::string FailureNote(std::string_view declared) {
  // The label is quoted through DisplayLabel: a raw label with 8-bit or NUL bytes made
  // the note invalid UTF-8, and notes are stored as text (found by fuzzing).
  const std::string label = declared.empty() ? std::string("指定なし") : DisplayLabel(declared);
  const std::string label_en = declared.empty() ? std::string("none") : DisplayLabel(declared);
  return "文字コード(charset=" + label +
         ")を解読できない部分があり、「\xEF\xBF\xBD」で表示しています / could not decode part "
         "of the text (charset " +
         label_en + "); undecodable bytes are shown as U+FFFD";
}

// The length of the well-formed UTF-8 sequence at s[i], or 0 when there is none.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  unsigned cp = 0;
  if (c < 0x80) {
    return 1;
  } else if ((c & 0xe0) == 0xc0) {
    n = 1;
    cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    n = 2;
    cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    n = 3;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n >= s.size()) return 0;
  for (size_t k = 1; k <= n; ++k) {
    const unsigned char d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (d & 0x3f);
  }
  if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
      cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
    return 0;
  }
  return n + 1;
}

// UTF-8 with some damage (a broken transfer, a cut character) rather than another
// charset: at least as many bytes sit in well-formed 3- and 4-byte sequences (Japanese
// in UTF-8) as in broken ones. Only 2-byte sequences are common by accident in
// Shift_JIS and EUC-JP text, so they do not count.
bool LooksLikeDamagedUtf8(std::string_view s) {
  size_t good = 0, bad = 0;
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) {
      ++bad;
      ++i;
    } else {
      if (n >= 3) good += n;
      i += n;
    }
  }
  return good > 0 && good >= bad;
}

// ReplaceInvalidUtf8, counting the replacements in `*replaced`. Used instead of
// iconv's "UTF-8": glibc passes sequences above U+10FFFF (lead bytes F5-F7) through
// unchanged, so its output was not always UTF-8 (found by fuzzing).
std::string ReplaceInvalid(std::string_view bytes, int* replaced) {
  std::string out;
  out.reserve(bytes.size() + 16);
  int count = 0;
  for (size_t i = 0; i < bytes.size();) {
    const size_t n = Utf8SequenceLength(bytes, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++count;
      ++i;
      continue;
    }
    out.append(bytes.substr(i, n));
    i += n;
  }
  if (replaced) *replaced = count;
  return out;
}

DecodedText Decoded(std::string utf8, const char* charset) {
  return {std::move(utf8), true, charset, ""};
}

// Bytes that are not valid UTF-8: CP932, then EUC-JP; else a lenient decode in the best
// guess, or as UTF-8 when the bytes look like damaged UTF-8 or that replaces fewer
// bytes. Under a UTF-8 label (`utf8_declared`) damaged UTF-8 is believed first: CP932
// accepts almost any byte soup and would turn a damaged UTF-8 body into mojibake.
DecodedText FallbackChain(std::string_view bytes, std::string_view declared, const char* guess,
                          bool utf8_declared) {
  const bool damaged_utf8 = LooksLikeDamagedUtf8(bytes);
  if (utf8_declared && damaged_utf8) {
    return {ReplaceInvalid(bytes, nullptr), false, "UTF-8", FailureNote(declared)};
  }
  if (auto cp932 = IconvStrict(bytes, "CP932")) return Decoded(std::move(*cp932), "CP932");
  if (auto euc = IconvStrict(bytes, "EUC-JP-MS")) return Decoded(std::move(*euc), "EUC-JP-MS");
  if (auto euc = IconvStrict(bytes, "EUC-JP")) return Decoded(std::move(*euc), "EUC-JP");
  if (damaged_utf8) {
    return {ReplaceInvalid(bytes, nullptr), false, "UTF-8", FailureNote(declared)};
  }
  const char* lenient = guess ? guess : "CP932";
  int replaced_utf8 = 0, replaced_guess = 0;
  std::string as_utf8 = ReplaceInvalid(bytes, &replaced_utf8);
  std::string as_guess = IconvReplacing(bytes, lenient, &replaced_guess);
  if (replaced_utf8 <= replaced_guess) {
    return {std::move(as_utf8), false, "UTF-8", FailureNote(declared)};
  }
  return {std::move(as_guess), false, lenient, FailureNote(declared)};
}

}  // namespace

std::string ReplaceInvalidUtf8(std::string_view bytes) { return ReplaceInvalid(bytes, nullptr); }

std::string EscapeNonUtf8(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size();) {
    const size_t n = Utf8SequenceLength(bytes, i);
    const unsigned char c = static_cast<unsigned char>(bytes[i]);
    if (n == 0 || c < 0x20 || c == 0x7f) {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
      ++i;
      continue;
    }
    out.append(bytes.substr(i, n));
    i += n;
  }
  return out;
}

std::string DisplayLabel(std::string_view declared) {
  constexpr size_t kMaxShown = 40;
  std::string out;
  for (size_t i = 0; i < declared.size() && i < kMaxShown; ++i) {
    const unsigned char c = static_cast<unsigned char>(declared[i]);
    out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?');
  }
  if (declared.size() > kMaxShown) out += "...";
  return out;
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

namespace {

// DecodeToUtf8 before its last check.
DecodedText Decode(std::string_view bytes, std::string_view declared_charset) {
  std::string label = NormalizeLabel(declared_charset);
  if (IsUtf7Label(label)) label = "utf-7";
  if (IsNonAsciiCompatible(label)) {
    if (auto utf8 = IconvStrict(bytes, label.c_str())) return {std::move(*utf8), true, label, ""};
  }
  if (LooksLikeIso2022Jp(bytes)) {
    bool lossy = false;
    std::string utf8 = DecodeIso2022Jp(bytes, &lossy);
    if (lossy && label == "iso-2022-jp-2") {  // Latin/Greek/Chinese/Korean designations
      if (auto strict = IconvStrict(bytes, "ISO-2022-JP-2")) {
        utf8 = std::move(*strict);
        lossy = false;
      }
    }
    return {std::move(utf8), !lossy, "ISO-2022-JP", lossy ? FailureNote(declared_charset) : ""};
  }
  if (!HasEightBit(bytes)) return Decoded(std::string(bytes), "US-ASCII");
  if (IsValidUtf8(bytes)) return Decoded(std::string(bytes), "UTF-8");
  if (IsUtf8Label(label) || IsVagueLabel(label)) {
    return FallbackChain(bytes, declared_charset, nullptr, IsUtf8Label(label));
  }
  if (IsShiftJisLabel(label)) {
    if (auto utf8 = IconvStrict(bytes, "CP932")) return Decoded(std::move(*utf8), "CP932");
    if (label == "shift_jisx0213" || label == "shift_jis-2004") {
      if (auto utf8 = IconvStrict(bytes, "SHIFT_JISX0213")) {
        return Decoded(std::move(*utf8), "SHIFT_JISX0213");
      }
    }
    return FallbackChain(bytes, declared_charset, "CP932", false);
  }
  if (IsEucJpLabel(label)) {
    for (const char* name : {"EUC-JP-MS", "EUC-JP", "EUC-JISX0213"}) {
      if (auto utf8 = IconvStrict(bytes, name)) return Decoded(std::move(*utf8), name);
    }
    return FallbackChain(bytes, declared_charset, "EUC-JP-MS", false);
  }
  // Any other label iconv knows (windows-1252, koi8-r, big5, ...).
  const char* name = IconvAlias(label);
  if (!name) name = label.c_str();
  if (!label.empty()) {
    if (auto utf8 = IconvStrict(bytes, name)) return {std::move(*utf8), true, name, ""};
  }
  return FallbackChain(bytes, declared_charset, nullptr, false);
}

}  // namespace

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view declared_charset) {
  DecodedText decoded = Decode(bytes, declared_charset);
  // The promise is well-formed UTF-8 whatever iconv does (glibc's UTF-8, UCS-4 and
  // UTF-32 decoders pass values above U+10FFFF through as 4- to 6-byte sequences).
  if (!IsValidUtf8(decoded.utf8)) {
    decoded.utf8 = ReplaceInvalid(decoded.utf8, nullptr);
    decoded.ok = false;
    decoded.note = FailureNote(declared_charset);
  }
  return decoded;
}

}  // namespace shopdesk::channels::email
