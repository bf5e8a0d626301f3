#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

enum class Direction { kInbound, kOutbound, kNote };
std::string_view DirectionName(Direction direction);
std::optional<Direction> ParseDirection(std::string_view name);

// Delivery of an outbound message. Inbound messages and notes are kNone. kManual: the
// channel has no way to send (Etsy's conversations, a phone line): the agent sends it
// by hand on the channel's own site and marks it sent.
enum class DeliveryState { kNone, kQueued, kSent, kFailed, kManual };
std::string_view DeliveryStateName(DeliveryState state);
std::optional<DeliveryState> ParseDeliveryState(std::string_view name);

// What the parser noticed about an inbound mail. Names are stable (API, export).
struct MessageFlags {
  bool auto_submitted = false;  // Auto-Submitted other than "no" (RFC 3834), or X-Autoreply
  bool bulk = false;            // Precedence: bulk/list/junk, List-Id, List-Unsubscribe
  bool bounce = false;          // a delivery status notification (multipart/report, MAILER-DAEMON)
  bool decode_failed = false;   // some text could not be decoded; see Message::decode_note
  bool attachment_dropped = false;  // an attachment was over the size limit (raw still kept)

  // The set flags by name, e.g. {"auto_submitted","bulk"}.
  std::vector<std::string> Names() const;
};

// A file attached to a message; its bytes live in the blob store under sha256.
struct Attachment {
  AttachmentId id = 0;
  std::string filename;      // decoded (RFC 2231 / RFC 2047), never a path
  std::string content_type;  // lower-case type/subtype
  std::int64_t size = 0;     // bytes
  std::string sha256;        // lower-case hex; empty when the part was dropped
  std::string content_id;    // for inline images, without <>
  bool inline_part = false;
};

struct Message {
  ShopId shop_id = 0;
  MessageId id = 0;
  ConversationId conversation_id = 0;
  ChannelId channel_id = 0;
  Direction direction = Direction::kInbound;
  std::optional<AgentId> author_agent_id;  // outbound and notes
  std::string from_name;
  std::string from_address;
  std::string to_address;
  // Outbound mail: copies (Cc) and blind copies (envelope only) the agent added.
  std::vector<std::string> cc;
  std::vector<std::string> bcc;
  std::string subject;
  std::string text;                     // plain text shown to agents (decoded, UTF-8)
  std::string html;                     // sanitized HTML, empty when the mail had none
  std::string external_id;              // Message-ID without <>; unique per (shop, channel)
  std::string in_reply_to;              // Message-ID without <>
  std::vector<std::string> references;  // Message-IDs without <>, oldest first
  std::string raw_sha256;               // the verbatim source in the blob store; empty for notes
  MessageFlags flags;
  std::string decode_note;  // why decoding was incomplete, shown to agents
  DeliveryState delivery = DeliveryState::kNone;
  int attempts = 0;
  std::string last_error;
  std::string last_error_reason;  // PackReason of the delivery error (core/error.h)
  Timestamp created_at = 0;       // when stored
  Timestamp sent_at = 0;          // outbound: when the peer accepted it; inbound: Date header
  std::vector<Attachment> attachments;
};

}  // namespace shopdesk
