#include "channels/email/header_params.h"

#include <algorithm>
#include <vector>

#include "channels/email/charset_decoder.h"
#include "channels/email/header_decoder.h"

namespace shopdesk::channels::email {
namespace {

constexpr int kMaxSegments = 1000;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// %XX escapes to bytes; a malformed escape is kept literally.
std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(static_cast<unsigned char>(s[i + 1])) >= 0 &&
        HexValue(static_cast<unsigned char>(s[i + 2])) >= 0) {
      out.push_back(static_cast<char>(HexValue(static_cast<unsigned char>(s[i + 1])) * 16 +
                                      HexValue(static_cast<unsigned char>(s[i + 2]))));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// One "name*N*=value" piece.
struct Segment {
  int index = -1;         // -1: no continuation number
  bool extended = false;  // "*=": charset'lang'%XX (first) or %XX (later)
  std::string value;      // quotes removed, escapes resolved
};

// Reads a token or quoted string at `*pos`; advances past it.
std::string ReadValue(const std::string& s, size_t* pos) {
  std::string out;
  size_t i = *pos;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && s[i] == '"') {
    for (++i; i < s.size() && s[i] != '"'; ++i) {
      // "\"" and "\\" are escapes; any other backslash is kept, because Windows
      // mailers send paths such as "C:\Users\a\file.txt" unescaped.
      if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == '"' || s[i + 1] == '\\')) ++i;
      out.push_back(s[i]);
    }
    if (i < s.size()) ++i;                    // closing quote
    while (i < s.size() && s[i] != ';') ++i;  // junk after the quotes
  } else {
    const size_t end = std::min(s.find(';', i), s.size());
    out = Trim(std::string_view(s).substr(i, end - i));
    i = end;
  }
  *pos = i;
  return out;
}

std::string Join(std::vector<Segment>& segments, bool* ok) {
  std::stable_sort(segments.begin(), segments.end(),
                   [](const Segment& a, const Segment& b) { return a.index < b.index; });
  const bool extended =
      std::any_of(segments.begin(), segments.end(), [](const Segment& s) { return s.extended; });
  if (!extended) {  // plain value(s): RFC 2047 words and raw 8-bit bytes
    std::string joined;
    for (const auto& s : segments) joined += s.value;
    bool header_ok = true;
    std::string decoded = DecodeHeader(joined, &header_ok);
    *ok &= header_ok;
    return decoded;
  }
  std::string charset;
  std::string bytes;
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string_view v = segments[i].value;
    if (i == 0 && segments[i].extended) {  // charset'language'value
      const auto q1 = v.find('\'');
      const auto q2 = q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
      if (q2 != std::string_view::npos) {
        charset = std::string(v.substr(0, q1));
        v.remove_prefix(q2 + 1);
      }
    }
    bytes += segments[i].extended ? PercentDecode(v) : std::string(v);
  }
  DecodedText decoded = DecodeToUtf8(bytes, charset);
  *ok &= decoded.ok;
  std::string out = std::move(decoded.utf8);
  out.erase(
      std::remove_if(out.begin(), out.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }),
      out.end());
  return out;
}

}  // namespace

ParamHeader ParseParamHeader(std::string_view raw) {
  ParamHeader header;
  const std::string s = UnfoldHeader(raw);
  size_t pos = std::min(s.find(';'), s.size());
  header.value = Lower(Trim(std::string_view(s).substr(0, pos)));
  std::map<std::string, std::vector<Segment>> extended_params, plain_params;
  int segments = 0;
  while (pos < s.size() && segments++ < kMaxSegments) {
    ++pos;  // ';'
    const size_t eq = s.find('=', pos);
    if (eq == std::string::npos) break;
    std::string name = Lower(Trim(std::string_view(s).substr(pos, eq - pos)));
    pos = eq + 1;
    Segment segment;
    segment.value = ReadValue(s, &pos);
    if (name.empty() || name.find_first_of(" \";") != std::string::npos) continue;
    if (name.back() == '*') {
      segment.extended = true;
      name.pop_back();
    }
    if (const auto star = name.find('*'); star != std::string::npos) {
      const std::string number = name.substr(star + 1);
      name.resize(star);
      if (number.empty() || number.size() > 4 ||
          !std::all_of(number.begin(), number.end(),
                       [](unsigned char c) { return c >= '0' && c <= '9'; })) {
        continue;
      }
      segment.index = std::stoi(number);
    }
    if (name.empty()) continue;  // "*=x", "*1*=x": nothing left of the name (found by fuzzing)
    const bool rfc2231 = segment.extended || segment.index >= 0;
    (rfc2231 ? extended_params : plain_params)[name].push_back(std::move(segment));
  }
  for (auto& [name, list] : plain_params) {
    // A repeated plain parameter: the first one counts.
    list.resize(1);
    header.params[name] = Join(list, &header.ok);
  }
  for (auto& [name, list] : extended_params) header.params[name] = Join(list, &header.ok);
  return header;
}

}  // namespace shopdesk::channels::email
