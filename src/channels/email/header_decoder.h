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
// be decoded. Raw 8-bit bytes outside encoded words are read as DecodeToUtf8 reads them
// under `charset` (the mail's own declared charset, when the caller knows it): valid
// UTF-8 stays UTF-8, then `charset`, then the CP932 / EUC-JP fallback; "" means the
// fallback alone. Without 8-bit bytes `charset` plays no part.
std::string DecodeHeader(std::string_view raw, bool* ok = nullptr, std::string_view charset = "");

struct Mailbox {
  std::string name;     // decoded display name, quotes removed; empty when none
  std::string address;  // lower-cased addr-spec; empty when none was found
};

// The mailboxes of an address-list header ("名前 <a@b>, \"X, Y\" <c@d>", "a@b (comment)",
// "group: a@b, c@d;", "Taro Yamada taro@example.com" without brackets, stray blanks
// and '>' around the address), in order. Encoded words are never split, even when a
// mailer left a comma unencoded in a Q word. Entries without a plausible address (an
// '@' with text on both sides, no blanks, controls or specials, valid UTF-8, at most
// 320 bytes) are skipped. Display names are decoded by DecodeHeader with `charset`.
std::vector<Mailbox> ParseMailboxList(std::string_view raw_header_value,
                                      std::string_view charset = "");

// The first mailbox of an address header, or an empty Mailbox.
Mailbox ParseMailbox(std::string_view raw_header_value, std::string_view charset = "");

// ParseMailbox for the sender (From, Sender): also accepts the bare system names
// "MAILER-DAEMON" and "postmaster" without a domain (as some MTAs write them), giving
// the lower-cased address "mailer-daemon" / "postmaster", so that the sender can still
// be classified as a system address. Such an address has no '@' and cannot be answered.
Mailbox ParseSender(std::string_view raw_header_value, std::string_view charset = "");

// Message ids ("<a@b> <c@d>", also without brackets) without angle brackets, in order.
// Bytes that are not UTF-8 and control characters are escaped (EscapeNonUtf8): ids are
// stored as text.
std::vector<std::string> ParseMessageIds(std::string_view raw);

}  // namespace shopdesk::channels::email
