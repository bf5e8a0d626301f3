#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shopdesk::channels::email {

// Removes folding (CR/LF before whitespace) and turns tabs into spaces.
std::string UnfoldHeader(std::string_view raw);

// Decodes a raw (possibly folded) header value to UTF-8: RFC 2047 encoded words in any
// charset (through DecodeToUtf8, so ISO-2022-JP keeps its CP932 extensions), and raw
// 8-bit or unencoded ISO-2022-JP bytes that some mailers put in headers. Whitespace
// between adjacent encoded words is dropped, as RFC 2047 says; adjacent words in one
// charset are decoded together, so a character split across two words survives.
// Control characters are removed. `ok` (if given) is cleared when something could not
// be decoded.
std::string DecodeHeader(std::string_view raw, bool* ok = nullptr);

struct Mailbox {
  std::string name;     // decoded display name, quotes removed; empty when none
  std::string address;  // lower-cased addr-spec; empty when none was found
};

// The mailboxes of an address-list header ("名前 <a@b>, \"X, Y\" <c@d>", "a@b (comment)",
// "group: a@b, c@d;"), in order. Entries without a plausible address (one '@', no
// blanks, controls or specials, valid UTF-8, at most 320 bytes) are skipped.
std::vector<Mailbox> ParseMailboxList(std::string_view raw_header_value);

// The first mailbox of an address header, or an empty Mailbox.
Mailbox ParseMailbox(std::string_view raw_header_value);

// Message ids ("<a@b> <c@d>", also without brackets) without angle brackets, in order.
// Bytes that are not UTF-8 and control characters are escaped (EscapeNonUtf8): ids are
// stored as text.
std::vector<std::string> ParseMessageIds(std::string_view raw);

}  // namespace shopdesk::channels::email
