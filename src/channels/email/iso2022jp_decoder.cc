#include "channels/email/iso2022jp_decoder.h"

#include "channels/email/iconv_converter.h"

namespace shopdesk::channels::email {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

enum class Charset { kAscii, kJis0208, kKana, kJis0212, kJis0213Plane1, kJis0213Plane2 };

struct Escape {
  std::string_view sequence;  // after ESC
  Charset charset;
};

constexpr Escape kEscapes[] = {
    {"(B", Charset::kAscii},          {"(J", Charset::kAscii},
    {"$B", Charset::kJis0208},        {"$@", Charset::kJis0208},
    {"(I", Charset::kKana},           {"$(D", Charset::kJis0212},
    {"$(Q", Charset::kJis0213Plane1}, {"$(O", Charset::kJis0213Plane1},
    {"$(P", Charset::kJis0213Plane2}, {"&@\x1b$B", Charset::kJis0208},  // JIS X 0208-1990
};

bool IsGraphic(unsigned char c) { return c >= 0x21 && c <= 0x7e; }

// Collects output: CP932 bytes are buffered and converted in runs, other sets are
// converted per character, so the order of the text is kept.
class Output {
 public:
  explicit Output(bool* lossy) : lossy_(lossy) {}

  void Cp932(char c) { cp932_.push_back(c); }

  void Utf8(std::string_view s) {
    Flush();
    out_ += s;
  }

  void Replacement() {
    *lossy_ = true;
    Utf8(kReplacement);
  }

  // One character of a set glibc knows in an EUC form.
  void Euc(const char* charset, bool plane2, unsigned j1, unsigned j2) {
    std::string euc;
    if (plane2) euc.push_back('\x8f');
    euc.push_back(static_cast<char>(j1 | 0x80));
    euc.push_back(static_cast<char>(j2 | 0x80));
    if (auto utf8 = IconvStrict(euc, charset)) {
      Utf8(*utf8);
    } else {
      Replacement();
    }
  }

  std::string Finish() {
    Flush();
    return std::move(out_);
  }

 private:
  void Flush() {
    if (cp932_.empty()) return;
    int replaced = 0;
    out_ += IconvReplacing(cp932_, "CP932", &replaced);
    if (replaced > 0) *lossy_ = true;
    cp932_.clear();
  }

  bool* lossy_;
  std::string cp932_;
  std::string out_;
};

}  // namespace

bool LooksLikeIso2022Jp(std::string_view b) {
  for (size_t i = b.find('\x1b'); i != std::string_view::npos; i = b.find('\x1b', i + 1)) {
    const std::string_view rest = b.substr(i + 1);
    if (rest.starts_with("$B") || rest.starts_with("$@") || rest.starts_with("(I") ||
        rest.starts_with("$(D") || rest.starts_with("$(O") || rest.starts_with("$(P") ||
        rest.starts_with("$(Q")) {
      return true;
    }
  }
  return false;
}

std::string DecodeIso2022Jp(std::string_view in, bool* lossy) {
  *lossy = false;
  Output out(lossy);
  Charset charset = Charset::kAscii;
  bool shifted = false;  // SO: half-width katakana until SI
  for (size_t i = 0; i < in.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(in[i]);
    if (c == 0x1b) {
      const std::string_view rest = in.substr(i + 1);
      bool known = false;
      for (const Escape& e : kEscapes) {
        if (rest.starts_with(e.sequence)) {
          charset = e.charset;
          i += e.sequence.size();
          known = true;
          break;
        }
      }
      if (!known) out.Replacement();  // an escape we do not know: mark it, keep going
      continue;
    }
    if (c == 0x0e || c == 0x0f) {
      shifted = c == 0x0e;
      continue;
    }
    const Charset active = shifted ? Charset::kKana : charset;
    if (!IsGraphic(c) || active == Charset::kAscii) {
      // Controls, space, line ends, and 8-bit bytes some mailers leave in (read as CP932).
      out.Cp932(static_cast<char>(c));
      continue;
    }
    if (active == Charset::kKana) {
      if (c <= 0x5f) {
        out.Cp932(static_cast<char>(c + 0x80));  // 0x21..0x5f -> 0xa1..0xdf
      } else {
        out.Replacement();
      }
      continue;
    }
    // A double-byte set: a pair of graphic bytes.
    if (i + 1 >= in.size() || !IsGraphic(static_cast<unsigned char>(in[i + 1]))) {
      out.Replacement();
      continue;
    }
    const unsigned j1 = c;
    const unsigned j2 = static_cast<unsigned char>(in[++i]);
    switch (active) {
      case Charset::kJis0208: {
        // JIS row/cell to Shift_JIS (the arithmetic of JIS X 0208 Annex 1).
        const unsigned s1 = ((j1 + 1) >> 1) + (j1 <= 0x5e ? 0x70 : 0xb0);
        const unsigned s2 = j2 + ((j1 & 1) ? (j2 < 0x60 ? 0x1f : 0x20) : 0x7e);
        out.Cp932(static_cast<char>(s1));
        out.Cp932(static_cast<char>(s2));
        break;
      }
      case Charset::kJis0212:
        out.Euc("EUC-JP", /*plane2=*/true, j1, j2);
        break;
      case Charset::kJis0213Plane1:
        out.Euc("EUC-JISX0213", /*plane2=*/false, j1, j2);
        break;
      case Charset::kJis0213Plane2:
        out.Euc("EUC-JISX0213", /*plane2=*/true, j1, j2);
        break;
      default:
        out.Replacement();
    }
  }
  return out.Finish();
}

}  // namespace shopdesk::channels::email
