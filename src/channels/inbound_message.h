#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/customer.h"
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

// What a delivery report says about the mail it returns (RFC 3464
// message/delivery-status, with the returned headers from text/rfc822-headers,
// message/rfc822, or the original quoted in the body). Empty fields: not stated.
struct DeliveryReport {
  // Message-IDs (without <>) of the returned mail, as its headers name them: its
  // Message-ID first, then its In-Reply-To and References (newest first).
  std::vector<std::string> returned_message_ids;
  std::string failed_recipient;  // lower-cased address (Final-Recipient, else Original-)
  std::string action;            // "failed", "delayed", "delivered", ... lower-cased
  std::string status;            // the enhanced status code, e.g. "5.1.1"
  std::string diagnostic;        // Diagnostic-Code as written, e.g. "smtp; 550 5.1.1 ..."
  std::string returned_subject;  // the returned mail's Subject, decoded
};

// What a channel adapter makes of one raw item. Text fields are UTF-8.
struct InboundMessage {
  std::string raw;                      // the verbatim source, byte for byte
  std::string external_id;              // Message-ID without <>; empty when the source had none
  std::string in_reply_to;              // without <>
  std::vector<std::string> references;  // without <>, oldest first
  std::string from_name;
  std::string from_address;  // lower-cased
  std::string reply_to_name;
  std::string reply_to_address;  // lower-cased; first mailbox of Reply-To
  // How the channel itself knows the sender beyond an address, e.g. {"web", the site's
  // customer id}: the customer is found by it first. None for mail.
  std::optional<CustomerIdentity> sender_identity;
  std::string to_address;
  std::string subject;
  std::optional<Timestamp> date;
  std::string text;  // plain text (from text/plain, else derived from the HTML)
  std::string html;  // sanitized HTML; empty when the source had none
  std::vector<InboundAttachment> attachments;
  MessageFlags flags;
  std::string decode_note;  // human-readable; non-empty when flags.decode_failed
  // Set for a delivery status notification (flags.bounce) whose report could be read;
  // its message/delivery-status and text/rfc822-headers parts are then not attachments.
  std::optional<DeliveryReport> delivery_report;
};

// A file sent with an outbound message.
struct OutboundAttachment {
  std::string filename;      // SafeFilename (core/attachment_name.h), UTF-8
  std::string content_type;  // SafeContentType
  std::string data;          // the bytes
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
  std::vector<std::string> cc;   // copies: in the Cc header and the envelope
  std::vector<std::string> bcc;  // blind copies: in the envelope only, never in a header
  std::string subject;
  std::string text;
  std::string html;  // optional alternative part
  std::vector<OutboundAttachment> attachments;
  Timestamp date = 0;
  // An automatic answer (away mode): sent with "Auto-Submitted: auto-replied" (RFC 3834)
  // so that the other side's responders do not answer it.
  bool auto_replied = false;
};

}  // namespace shopdesk::channels
