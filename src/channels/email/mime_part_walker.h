#pragma once

#include <gmime/gmime.h>

#include <string>

#include "channels/channel_adapter.h"
#include "channels/inbound_message.h"

namespace shopdesk::channels::email {

// Appends one line to out.decode_note (each distinct note once). `failure` also sets
// flags.decode_failed; informational notes (a dropped attachment) do not.
void AddNote(InboundMessage& out, const std::string& note, bool failure);

// Walks the MIME tree of one parsed message and fills `out`: body text (text/plain
// preferred, format=flowed undone), HTML (kept for Finish), attachments (decoded,
// RFC 2231 / RFC 2047 names, inline images by Content-ID, message/rfc822 as .eml,
// parts over the size limit dropped with a note), and decode notes for damaged
// base64 and undecodable charsets. Nesting deeper than kMaxDepth is skipped with a note.
// One walker per message; not thread-safe.
class PartWalker {
 public:
  static constexpr int kMaxDepth = 32;

  PartWalker(InboundMessage& out, const ParseOptions& options) : out_(out), options_(options) {}

  void Walk(GMimeObject* object, int depth);

  // Sets out.text (the plain text, else text derived from the HTML; line ends "\n",
  // NUL bytes removed) and out.html (sanitized).
  void Finish();

  // A message/delivery-status part was seen (a bounce).
  bool saw_delivery_status() const { return saw_delivery_status_; }

 private:
  void Leaf(GMimeObject* object);
  void MessagePart(GMimeMessagePart* part);
  void AddAttachment(InboundAttachment attachment, std::string bytes);

  InboundMessage& out_;
  const ParseOptions& options_;
  std::string plain_;
  std::string html_;
  bool saw_delivery_status_ = false;
};

}  // namespace shopdesk::channels::email
