#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/time.h"

namespace shopdesk::channels {

struct InboundAttachment {
  std::string filename;      // decoded; path separators and control characters removed
  std::string content_type;  // lower-case type/subtype
  std::string content_id;    // without <>
  bool inline_part = false;
  std::string data;       // decoded bytes; empty when dropped
  std::int64_t size = 0;  // decoded size (also when dropped)
  bool dropped = false;   // over the size limit; the raw source still holds it
};

// What a channel adapter makes of one raw item. Text fields are UTF-8.
struct InboundMessage {
  std::string raw;                      // the verbatim source, byte for byte
  std::string external_id;              // Message-ID without <>; empty when the source had none
  std::string in_reply_to;              // without <>
  std::vector<std::string> references;  // without <>, oldest first
  std::string from_name;
  std::string from_address;  // lower-cased
  std::string reply_to_address;
  std::string to_address;
  std::string subject;
  std::optional<Timestamp> date;
  std::string text;  // plain text (from text/plain, else derived from the HTML)
  std::string html;  // sanitized HTML; empty when the source had none
  std::vector<InboundAttachment> attachments;
  MessageFlags flags;
  std::string decode_note;  // human-readable; non-empty when flags.decode_failed
};

// What a channel adapter delivers. Text fields are UTF-8.
struct OutboundMessage {
  std::string message_id;  // without <>, e.g. "sd.42.1a2b@sakura.example"
  std::string in_reply_to;
  std::vector<std::string> references;
  std::string from_name;
  std::string from_address;
  std::string to_name;
  std::string to_address;
  std::string subject;
  std::string text;
  std::string html;  // optional alternative part
  Timestamp date = 0;
  // An automatic answer (away mode): sent with "Auto-Submitted: auto-replied" (RFC 3834)
  // so that the other side's responders do not answer it.
  bool auto_replied = false;
};

}  // namespace shopdesk::channels
