#pragma once

#include <string>

#include "channels/inbound_message.h"
#include "core/result.h"

namespace shopdesk::channels::email {

// RFC 5322 bytes for `message`:
//   Date (UTC), From / To (display names as RFC 2047 UTF-8 B-words when not ASCII),
//   Subject (RFC 2047 UTF-8 B-words, folded, never splitting a UTF-8 character),
//   Message-ID (generated from the From domain when message_id is empty), In-Reply-To,
//   References (one id per folded line), Auto-Submitted: auto-replied for automatic
//   answers (RFC 3834), MIME-Version, and a UTF-8 base64 text/plain
//   body, or multipart/alternative with the HTML part when `html` is set; with
//   attachments, that body and then each file (base64, its name as RFC 2231 and RFC
//   2047) in a multipart/mixed.
// CRLF line endings; no line longer than 78 characters except an over-long message
// id (at most 900) or media type (at most 127).
// InvalidArgument for header injection (CR, LF or NUL in any header field), a missing
// or malformed From/To address, a malformed message id, or an attachment whose name or
// type is not what SafeFilename / SafeContentType would keep. Thread-safe.
Result<std::string> ComposeMail(const OutboundMessage& message);

}  // namespace shopdesk::channels::email
