#pragma once

#include <gmime/gmime.h>

#include <optional>
#include <string>
#include <vector>

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
// Decoding beyond GMime: base64 without its final padding keeps its last bytes;
// x-uuencode / uuencode / x-uue parts are uudecoded; classic "begin 644 name" blocks
// inside a text/plain body become attachments and leave the text.
// The parts of a delivery report (message/delivery-status, text/rfc822-headers, as a
// leaf or as GMime message part) are held back: ParseMail reads them through
// report_parts() and then either drops them (a bounce with a report) or puts them back
// in their place as attachments (RestoreReportParts).
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

  // The text of the first part of each kind of a delivery report, as it stands in the
  // mail (capped at kMaxReportPart bytes); nullopt when the mail had none.
  struct ReportParts {
    std::optional<std::string> delivery_status;   // message/delivery-status
    std::optional<std::string> returned_headers;  // text/rfc822-headers
    std::optional<std::string> returned_message;  // the first message/rfc822 part
  };
  static constexpr size_t kMaxReportPart = 256 * 1024;
  const ReportParts& report_parts() const { return report_parts_; }

  // Lists the held-back report parts as attachments again, each where it stood.
  void RestoreReportParts();

 private:
  void Leaf(GMimeObject* object);
  void MessagePart(GMimeMessagePart* part);
  void AddAttachment(InboundAttachment attachment, std::string bytes);
  InboundAttachment Limited(InboundAttachment attachment, std::string bytes);
  bool HoldReportPart(const std::string& type, const InboundAttachment& a,
                      const std::string& bytes);
  void InlineUuBlocks(std::string& bytes);

  struct HeldPart {
    size_t position;  // index in out.attachments it would have had
    InboundAttachment attachment;
    std::string bytes;
  };

  InboundMessage& out_;
  const ParseOptions& options_;
  std::string plain_;
  std::string html_;
  bool saw_delivery_status_ = false;
  ReportParts report_parts_;
  std::vector<HeldPart> held_;
};

}  // namespace shopdesk::channels::email
