#pragma once

#include <string>

#include "channels/inbound_message.h"
#include "core/result.h"

namespace shopdesk::channels::email {

// RFC 5322 bytes for `message`: Date, From, To, Subject (RFC 2047 UTF-8 B-words,
// folded without splitting a character), Message-ID, In-Reply-To, References,
// MIME-Version, and a UTF-8 base64 text/plain body, or multipart/alternative with the
// HTML when `html` is set. CRLF line endings, no line over 78 characters.
// InvalidArgument when a header value contains CR or LF (header injection) or an
// address is missing. Thread-safe.
Result<std::string> ComposeMail(const OutboundMessage& message);

}  // namespace shopdesk::channels::email
