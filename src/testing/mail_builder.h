#pragma once

// Builds test mails byte by byte, in the charsets Japanese mailers use. Test-only.

#include <iconv.h>

#include <string>
#include <string_view>

namespace shopdesk::testing {

// `utf8` converted to `charset` with glibc iconv ("CP932", "EUC-JP", "ISO-2022-JP").
inline std::string ToCharset(std::string_view utf8, const char* charset) {
  iconv_t cd = iconv_open(charset, "UTF-8");
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* o = out.data();
  size_t out_left = out.size();
  iconv(cd, &in, &in_left, &o, &out_left);
  iconv(cd, nullptr, nullptr, &o, &out_left);
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// Headers (each ending in \r\n) + blank line + body.
inline std::string RawMail(std::string_view headers, std::string_view body) {
  return std::string(headers) + "\r\n" + std::string(body);
}

// `bytes` as a classic uuencoded block ("begin 644 name" ... "`" "end"), CRLF line ends,
// 45 bytes a line, '`' for zero values as modern uuencode writes them.
inline std::string UuEncode(std::string_view bytes, std::string_view name) {
  auto put = [](unsigned v) { return static_cast<char>(v == 0 ? '`' : (v & 63) + 32); };
  std::string out = "begin 644 " + std::string(name) + "\r\n";
  for (size_t i = 0; i < bytes.size(); i += 45) {
    const std::string_view line = bytes.substr(i, 45);
    out.push_back(put(static_cast<unsigned>(line.size())));
    for (size_t j = 0; j < line.size(); j += 3) {
      const unsigned a = static_cast<unsigned char>(line[j]);
      const unsigned b = j + 1 < line.size() ? static_cast<unsigned char>(line[j + 1]) : 0;
      const unsigned c = j + 2 < line.size() ? static_cast<unsigned char>(line[j + 2]) : 0;
      out.push_back(put(a >> 2));
      out.push_back(put(((a << 4) | (b >> 4)) & 63));
      out.push_back(put(((b << 2) | (c >> 6)) & 63));
      out.push_back(put(c & 63));
    }
    out += "\r\n";
  }
  return out + "`\r\nend\r\n";
}

// `base64` without its trailing '=' padding, as some mailers send it.
inline std::string WithoutPadding(std::string base64) {
  while (!base64.empty() &&
         (base64.back() == '=' || base64.back() == '\n' || base64.back() == '\r')) {
    base64.pop_back();
  }
  return base64;
}

}  // namespace shopdesk::testing
