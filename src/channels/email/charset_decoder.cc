#include "channels/email/charset_decoder.h"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <optional>

namespace shopdesk::channels::email {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Labels arrive as "Shift_JIS", "\"utf-8\"", " iso-2022-jp ".
  out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return c == '"' || c == ' '; }),
            out.end());
  return out;
}

// Strict conversion: nullopt when any byte is invalid in `from`.
std::optional<std::string> Iconv(std::string_view bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(bytes.size() * 3 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* o = out.data();
  size_t out_left = out.size();
  bool ok = true;
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &o, &out_left) == static_cast<size_t>(-1)) {
      if (errno == E2BIG) {
        const size_t used = static_cast<size_t>(o - out.data());
        out.resize(out.size() * 2);
        o = out.data() + used;
        out_left = out.size() - used;
        continue;
      }
      ok = false;
      break;
    }
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  out.resize(static_cast<size_t>(o - out.data()));
  return out;
}

// Lenient conversion: each byte that cannot start a valid character becomes U+FFFD.
std::string IconvReplacing(std::string_view bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == reinterpret_cast<iconv_t>(-1)) cd = iconv_open("UTF-8", "CP932");
  std::string out;
  char buffer[256];
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  while (in_left > 0) {
    char* o = buffer;
    size_t out_left = sizeof buffer;
    const size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
    out.append(buffer, static_cast<size_t>(o - buffer));
    if (rc == static_cast<size_t>(-1) && errno != E2BIG) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++in;
      --in_left;
      iconv(cd, nullptr, nullptr, nullptr, nullptr);
    }
  }
  iconv_close(cd);
  return out;
}

bool HasIso2022JpEscapes(std::string_view b) {
  return b.find("\x1b$B") != std::string_view::npos || b.find("\x1b$@") != std::string_view::npos ||
         b.find("\x1b(I") != std::string_view::npos || b.find("\x1b$(D") != std::string_view::npos;
}

bool HasEightBit(std::string_view b) {
  return std::any_of(b.begin(), b.end(),
                     [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// ISO-2022-JP (and its -MS, -1, -2004 variants) to CP932 bytes: JIS X 0208 pairs are
// mapped arithmetically to Shift_JIS, which CP932 extends with the NEC row 13 and the
// IBM rows, so the Microsoft variant's characters survive. `lossy` is set when an
// unsupported set (JIS X 0212) or a broken pair was met.
std::string Iso2022JpToCp932(std::string_view in, bool* lossy) {
  enum class Mode { kAscii, kJis0208, kKana, kJis0212 } mode = Mode::kAscii;
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0x1b) {
      const std::string_view rest = in.substr(i + 1);
      if (rest.starts_with("(B") || rest.starts_with("(J")) {
        mode = Mode::kAscii;
        i += 2;
      } else if (rest.starts_with("$B") || rest.starts_with("$@")) {
        mode = Mode::kJis0208;
        i += 2;
      } else if (rest.starts_with("(I")) {
        mode = Mode::kKana;
        i += 2;
      } else if (rest.starts_with("$(D")) {
        mode = Mode::kJis0212;
        i += 3;
      } else if (rest.starts_with("$(Q") || rest.starts_with("$(O")) {  // JIS X 0213 (-2004)
        mode = Mode::kJis0208;
        i += 3;
      } else {
        *lossy = true;
      }
      continue;
    }
    if (c == 0x0e) {  // SO: half-width katakana until SI
      mode = Mode::kKana;
      continue;
    }
    if (c == 0x0f) {
      mode = Mode::kAscii;
      continue;
    }
    if (c == '\r' || c == '\n' || c < 0x21 || c > 0x7e || mode == Mode::kAscii) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    if (mode == Mode::kKana) {
      if (c <= 0x5f) {
        out.push_back(static_cast<char>(c + 0x80));
      } else {
        *lossy = true;
      }
      continue;
    }
    // Two-byte sets.
    if (i + 1 >= in.size() || static_cast<unsigned char>(in[i + 1]) < 0x21 ||
        static_cast<unsigned char>(in[i + 1]) > 0x7e) {
      *lossy = true;
      continue;
    }
    const unsigned j1 = c, j2 = static_cast<unsigned char>(in[++i]);
    if (mode == Mode::kJis0212) {
      *lossy = true;
      out += "\x81\x48";  // full-width '？' in CP932
      continue;
    }
    const unsigned s1 = ((j1 + 1) >> 1) + (j1 <= 0x5e ? 0x70 : 0xb0);
    const unsigned s2 = j2 + ((j1 & 1) ? (j2 < 0x60 ? 0x1f : 0x20) : 0x7e);
    out.push_back(static_cast<char>(s1));
    out.push_back(static_cast<char>(s2));
  }
  return out;
}

const char* IconvName(const std::string& label) {
  if (label == "shift_jis" || label == "shift-jis" || label == "sjis" || label == "x-sjis" ||
      label == "ms_kanji" || label == "csshiftjis" || label == "windows-31j" || label == "cp932" ||
      label == "ms932" || label == "x-ms-cp932" || label == "shift_jisx0213") {
    return "CP932";
  }
  if (label == "euc-jp" || label == "x-euc-jp" || label == "eucjp" || label == "euc_jp" ||
      label == "cseucpkdfmtjapanese") {
    return "EUC-JP-MS";
  }
  if (label == "iso-8859-1" || label == "latin1" || label == "us-ascii" || label == "ascii") {
    return "WINDOWS-1252";  // what mailers really send under these labels
  }
  if (label == "ks_c_5601-1987" || label == "euc-kr") return "CP949";
  if (label == "gb2312" || label == "gbk" || label == "x-gbk") return "GB18030";
  return nullptr;
}

DecodedText FallbackChain(std::string_view bytes, const std::string& label) {
  if (IsValidUtf8(bytes)) return {std::string(bytes), true, "UTF-8"};
  if (auto cp932 = Iconv(bytes, "CP932")) return {std::move(*cp932), true, "CP932"};
  if (auto euc = Iconv(bytes, "EUC-JP-MS")) return {std::move(*euc), true, "EUC-JP-MS"};
  const char* lenient = label.empty() ? "CP932" : (IconvName(label) ? IconvName(label) : "CP932");
  return {IconvReplacing(bytes, lenient), false, lenient};
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    unsigned cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
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
      return false;
    }
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      const unsigned char d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3f);
    }
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

DecodedText DecodeToUtf8(std::string_view bytes, std::string_view declared_charset) {
  const std::string label = Lower(declared_charset);
  if (HasIso2022JpEscapes(bytes)) {
    bool lossy = false;
    const std::string cp932 = Iso2022JpToCp932(bytes, &lossy);
    if (auto utf8 = Iconv(cp932, "CP932")) return {std::move(*utf8), !lossy, "ISO-2022-JP"};
    return {IconvReplacing(cp932, "CP932"), false, "ISO-2022-JP"};
  }
  if (!HasEightBit(bytes)) return {std::string(bytes), true, "US-ASCII"};
  if (label.empty() || label == "utf-8" || label == "utf8" || label.starts_with("iso-2022-jp") ||
      label == "us-ascii" || label == "ascii" || label == "unknown-8bit" || label == "x-unknown") {
    return FallbackChain(bytes, label == "utf-8" || label == "utf8" ? "" : label);
  }
  const char* name = IconvName(label);
  if (name) {
    if (auto utf8 = Iconv(bytes, name)) return {std::move(*utf8), true, name};
    if (std::string(name) == "EUC-JP-MS") {
      if (auto utf8 = Iconv(bytes, "EUC-JP")) return {std::move(*utf8), true, "EUC-JP"};
    }
    return FallbackChain(bytes, label);
  }
  // Any other label iconv knows (windows-1252, koi8-r, big5, ...).
  if (auto utf8 = Iconv(bytes, label.c_str())) return {std::move(*utf8), true, label};
  return FallbackChain(bytes, label);
}

}  // namespace shopdesk::channels::email
