#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shopdesk::channels::email {

// Decodes a raw (possibly folded) header value to UTF-8: RFC 2047 encoded words in any
// charset (through DecodeToUtf8, so ISO-2022-JP keeps its CP932 extensions), and raw
// 8-bit bytes that some mailers put in headers. Whitespace between adjacent encoded
// words is dropped, as RFC 2047 says; folding is unfolded. `ok` is cleared when
// something could not be decoded.
std::string DecodeHeader(std::string_view raw, bool* ok = nullptr);

struct Mailbox {
  std::string name;     // decoded display name, quotes removed
  std::string address;  // lower-cased
};

// The first mailbox of an address header ("名前 <a@b>", "a@b (comment)", "<a@b>").
// Empty address when none is found.
Mailbox ParseMailbox(std::string_view raw_header_value);

// Message ids ("<a@b> <c@d>") without angle brackets, in order.
std::vector<std::string> ParseMessageIds(std::string_view raw);

}  // namespace shopdesk::channels::email
