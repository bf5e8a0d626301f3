#pragma once

#include <map>
#include <string>
#include <string_view>

namespace shopdesk::channels::email {

// A structured MIME header value such as Content-Type or Content-Disposition.
struct ParamHeader {
  std::string value;                          // lower-cased, e.g. "attachment", "text/plain"
  std::map<std::string, std::string> params;  // lower-case names -> decoded UTF-8 values
  bool ok = true;  // false when a value could not be fully decoded (U+FFFD inside)
};

// Parses "value; name=token; name*=charset'lang'%XX; name*0*=...; name*1=..." from the raw
// (possibly folded) header value. Values are decoded the way Japanese mailers need:
// RFC 2231 extended values and continuations (joined in numeric order, then decoded in
// the declared charset through DecodeToUtf8, so filename*=ISO-2022-JP''... keeps ①),
// RFC 2047 encoded words inside quoted values (not standard, but Outlook and many
// Japanese mailers do it), and raw 8-bit bytes through the charset fallback. An
// RFC 2231 value wins over a plain one of the same name. In quoted values only \" and
// \\ are escapes (Windows paths arrive unescaped). Never fails; thread-safe.
ParamHeader ParseParamHeader(std::string_view raw);

}  // namespace shopdesk::channels::email
