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
// - From name and lower-cased address, To, Reply-To (first mailbox each), Subject
//   (RFC 2047 incl. ISO-2022-JP, raw 8-bit headers via the charset fallback), Date,
//   Message-ID / In-Reply-To / References without <> (References oldest first);
// - text: text/plain preferred, else derived from the HTML; html: sanitized only;
// - attachments as PartWalker describes (over options.max_attachment_bytes: dropped,
//   flags.attachment_dropped and a note);
// - flags: auto_submitted (Auto-Submitted other than "no", X-Autoreply, X-Autorespond,
//   Precedence: auto_reply), bulk (Precedence bulk/list/junk, List-Id,
//   List-Unsubscribe), bounce (multipart/report; report-type=delivery-status, or
//   MAILER-DAEMON / postmaster with a delivery-status part, an empty Return-Path or
//   X-Failed-Recipients).
// Never loses the input: malformed MIME, lying charsets, NUL bytes, giant headers,
// broken base64 and absurd nesting give a message with what could be read,
// flags.decode_failed and a decode_note (Japanese, then English).
// InvalidArgument only for empty input. Thread-safe.
Result<InboundMessage> ParseMail(std::string raw, const ParseOptions& options);

}  // namespace shopdesk::channels::email
