#pragma once

#include <string>

#include "channels/channel_adapter.h"
#include "channels/inbound_message.h"
#include "core/result.h"

namespace shopdesk::channels::email {

// Parses one RFC 5322 message (GMime for the MIME structure; headers and charsets
// decoded by header_decoder / charset_decoder). The result keeps `raw` verbatim.
// Never loses the input: malformed MIME, lying charsets, NUL bytes, giant headers and
// broken base64 give a message with what could be read, flags.decode_failed and a
// decode_note (Japanese, then English). Attachments over options.max_attachment_bytes
// are replaced by a note. InvalidArgument only for empty input. Thread-safe.
Result<InboundMessage> ParseMail(std::string raw, const ParseOptions& options);

}  // namespace shopdesk::channels::email
