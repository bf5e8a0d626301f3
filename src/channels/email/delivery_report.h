#pragma once

#include <string_view>

#include "channels/inbound_message.h"

namespace shopdesk::channels::email {

// Reading the parts of a delivery status notification into a DeliveryReport. All
// functions take text that came from the mail, so any bytes; they never fail, keep
// what they can read, and leave every field they fill storable as UTF-8 text (invalid
// bytes replaced, control characters removed, lengths capped). Thread-safe.

// RFC 3464 message/delivery-status fields: per-message block, then one block per
// recipient (blank lines between, folded lines joined). The recipient reported is the
// first whose Action is "failed", else the first one: Final-Recipient (else
// Original-Recipient) without its address type and <>, lower-cased; Action lower-cased;
// Status as its enhanced code ("5.1.1 (user unknown)" -> "5.1.1"); Diagnostic-Code as
// written, unfolded. Fields already set in `report` are overwritten only by stated ones.
void ReadDeliveryStatus(std::string_view status_text, DeliveryReport& report);

// The header block of the returned mail (text/rfc822-headers, or a message/rfc822 part's
// bytes; read up to the first blank line). Adds its Message-ID, then In-Reply-To, then
// References newest first, each once, to returned_message_ids; sets returned_subject
// (decoded) when the block has a Subject. Returns false when no header field at all
// could be read (a malformed block), leaving `report` as it was.
bool ReadReturnedHeaders(std::string_view header_block, DeliveryReport& report);

// For bounces without those parts (qmail, Exim, old Sendmail, Japanese providers): the
// original mail quoted in the human-readable text. Its header block is looked for
// after the usual separator lines ("--- Below this line is a copy of the message.",
// "------ This is a copy of the message, including all the headers. ------",
// "----- Original message -----", "------ 元のメッセージ ------", ...), else as the first
// run of header lines holding a Message-ID; quoting "> " is removed. Also takes the
// failed recipient from qmail's "<address>:" lines before the separator when the
// report has none. Returns true when something was found.
bool ReadQuotedOriginal(std::string_view text, DeliveryReport& report);

// Sets report.failed_recipient from an X-Failed-Recipients header value (its first
// address) when the report has none yet.
void ReadFailedRecipientsHeader(std::string_view raw_value, DeliveryReport& report);

}  // namespace shopdesk::channels::email
