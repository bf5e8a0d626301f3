#pragma once

#include <string>
#include <string_view>

#include "channels/channel_adapter.h"
#include "channels/inbound_message.h"
#include "core/result.h"

namespace shopdesk::channels::email {

// True for input ParseMail refuses: zero bytes.
bool IsEmptyInput(std::string_view raw);

// Parses one RFC 5322 message (GMime for the MIME structure; headers, parameters and
// charsets decoded by header_decoder / header_params / charset_decoder):
// - result.raw is `raw`, byte for byte;
// - headers start after an mbox "From " line, a UTF-8 BOM, or up to 16 junk lines
//   ("---- Original email message ----", blank lines) when a real header block (two or
//   more of From/To/Subject/Date/Message-ID/...) follows; else at the first byte;
// - From: the first From header with a usable mailbox (ParseSender: also "Name
//   addr@host" without brackets, stray blanks and '>', and the bare system names
//   MAILER-DAEMON / postmaster, kept as "mailer-daemon" / "postmaster" without a domain
//   so the sender can be classified); from_address stays empty when no From is usable;
// - Reply-To name and address, To (first mailbox each, lower-cased addresses); an
//   encoded display name is one mailbox even when it decodes to "Yamada, Taro";
// - Subject (RFC 2047 incl. ISO-2022-JP and unpadded B words); raw 8-bit bytes in
//   Subject and display names are read as UTF-8 when valid, else in the mail's declared
//   charset (top-level Content-Type, else its first text part), else CP932 / EUC-JP;
//   Date; Message-ID / In-Reply-To / References without <> (References oldest first);
// - text: text/plain preferred (a blank one beside HTML does not count), else derived
//   from the HTML; html: sanitized only; base64 without final padding and
//   x-uuencode / uuencode / x-uue parts are decoded whole; inline "begin 644 name"
//   blocks in text/plain become attachments and leave the text; UTF-7 under its
//   usual labels is decoded;
// - attachments as PartWalker describes (over options.max_attachment_bytes: dropped,
//   flags.attachment_dropped and a note);
// - flags: auto_submitted (Auto-Submitted other than "no", X-Autoreply, X-Autorespond,
//   Precedence: auto_reply), bulk (Precedence bulk/list/junk, List-Id,
//   List-Unsubscribe), bounce (multipart/report; report-type=delivery-status, or
//   MAILER-DAEMON / postmaster with a delivery-status part, an empty Return-Path or
//   X-Failed-Recipients);
// - delivery_report, for a bounce only (see delivery_report.h): from its
//   message/delivery-status (leaf or GMime message part), X-Failed-Recipients, and the
//   returned headers (text/rfc822-headers, else the returned message/rfc822), else
//   from the original quoted in the text (qmail, Exim, provider bounces). A
//   delivery-status part always gives a report, with what could be read. Its
//   delivery-status and rfc822-headers parts are then not attachments; a returned
//   message/rfc822 stays one. A mail that is no bounce keeps those parts as attachments.
// Never loses the input: malformed MIME, lying charsets, NUL bytes, giant headers,
// broken base64 and absurd nesting give a message with what could be read,
// flags.decode_failed and a decode_note (Japanese, then English).
// InvalidArgument only for empty input. Thread-safe.
Result<InboundMessage> ParseMail(std::string raw, const ParseOptions& options);

}  // namespace shopdesk::channels::email
