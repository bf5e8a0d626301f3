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

}  // namespace shopdesk::testing
