// ParseMail, the MIME ingest entry behind EmailAdapter::Parse (and so every mail that
// IngestService stores), on raw bytes as they come from IMAP, an MTA pipe or an upload.

#include <string>

#include "channels/email/mime_parser.h"
#include "fuzz_check.h"
#include "html_safety.h"
#include "invariants.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

using channels::InboundAttachment;
using channels::InboundMessage;

// Small, so that short inputs exercise the "attachment over the limit" path too.
constexpr std::int64_t kAttachmentLimit = 1024;

bool SameAttachment(const InboundAttachment& a, const InboundAttachment& b) {
  return a.filename == b.filename && a.content_type == b.content_type &&
         a.content_id == b.content_id && a.inline_part == b.inline_part && a.data == b.data &&
         a.size == b.size && a.dropped == b.dropped;
}

bool SameReport(const std::optional<channels::DeliveryReport>& a,
                const std::optional<channels::DeliveryReport>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->returned_message_ids == b->returned_message_ids &&
         a->failed_recipient == b->failed_recipient && a->action == b->action &&
         a->status == b->status && a->diagnostic == b->diagnostic &&
         a->returned_subject == b->returned_subject;
}

bool SameMessage(const InboundMessage& a, const InboundMessage& b) {
  if (!SameReport(a.delivery_report, b.delivery_report)) return false;
  if (a.attachments.size() != b.attachments.size()) return false;
  for (size_t i = 0; i < a.attachments.size(); ++i) {
    if (!SameAttachment(a.attachments[i], b.attachments[i])) return false;
  }
  return a.raw == b.raw && a.external_id == b.external_id && a.in_reply_to == b.in_reply_to &&
         a.references == b.references && a.from_name == b.from_name &&
         a.from_address == b.from_address && a.reply_to_address == b.reply_to_address &&
         a.reply_to_name == b.reply_to_name && a.to_address == b.to_address &&
         a.subject == b.subject && a.date == b.date && a.text == b.text && a.html == b.html &&
         a.decode_note == b.decode_note && a.flags.decode_failed == b.flags.decode_failed &&
         a.flags.auto_submitted == b.flags.auto_submitted && a.flags.bulk == b.flags.bulk &&
         a.flags.bounce == b.flags.bounce &&
         a.flags.attachment_dropped == b.flags.attachment_dropped;
}

bool IsMessageId(const std::string& id) {
  return !id.empty() && id.size() <= 998 && id.find_first_of(" \r\n") == std::string::npos;
}

void CheckAttachment(const InboundAttachment& a) {
  FUZZ_CHECK(!a.filename.empty());
  FUZZ_CHECK(a.filename.size() <= 220);
  FUZZ_CHECK(IsWellFormedUtf8(a.filename));
  FUZZ_CHECK(!HasControlChar(a.filename));
  FUZZ_CHECK(a.filename.find_first_of("/\\") == std::string::npos);
  FUZZ_CHECK(a.content_type.find('/') != std::string::npos);
  FUZZ_CHECK(!HasUpperAscii(a.content_type));
  if (a.dropped) {
    FUZZ_CHECK(a.data.empty() && a.size > kAttachmentLimit);
  } else {
    FUZZ_CHECK(static_cast<std::int64_t>(a.data.size()) == a.size && a.size <= kAttachmentLimit);
  }
}

// What every text field of an InboundMessage must be ("Text fields are UTF-8"): they
// are stored as TEXT, which PostgreSQL refuses with invalid UTF-8 or a NUL byte.
bool IsStorableText(std::string_view s) {
  return IsWellFormedUtf8(s) && s.find('\0') == std::string_view::npos;
}

void CheckMessage(const InboundMessage& m, std::string_view raw) {
  FUZZ_CHECK(m.raw == raw);  // kept byte for byte
  FUZZ_CHECK(IsStorableText(m.external_id));
  FUZZ_CHECK(IsStorableText(m.in_reply_to));
  FUZZ_CHECK(IsStorableText(m.from_name));
  FUZZ_CHECK(IsStorableText(m.from_address));
  FUZZ_CHECK(IsStorableText(m.reply_to_address));
  FUZZ_CHECK(IsStorableText(m.to_address));
  FUZZ_CHECK(IsStorableText(m.subject));
  FUZZ_CHECK(IsStorableText(m.text));
  FUZZ_CHECK(IsStorableText(m.html));
  FUZZ_CHECK(IsStorableText(m.decode_note));
  for (const std::string& id : m.references) FUZZ_CHECK(IsStorableText(id));
  for (const InboundAttachment& a : m.attachments) {
    FUZZ_CHECK(IsStorableText(a.filename));
    FUZZ_CHECK(IsStorableText(a.content_type));
    FUZZ_CHECK(IsStorableText(a.content_id));
  }
  FUZZ_CHECK(IsWellFormedUtf8(m.subject) && !HasControlChar(m.subject));
  FUZZ_CHECK(IsWellFormedUtf8(m.from_name) && !HasControlChar(m.from_name));
  // A bare MAILER-DAEMON or postmaster sender is kept without a domain (header_decoder.h).
  FUZZ_CHECK(m.from_address.empty() || IsPlausibleAddress(m.from_address) ||
             m.from_address == "mailer-daemon" || m.from_address == "postmaster");
  FUZZ_CHECK(IsWellFormedUtf8(m.reply_to_name) && !HasControlChar(m.reply_to_name));
  FUZZ_CHECK(m.to_address.empty() || IsPlausibleAddress(m.to_address));
  FUZZ_CHECK(m.reply_to_address.empty() || IsPlausibleAddress(m.reply_to_address));
  FUZZ_CHECK(m.external_id.empty() || IsMessageId(m.external_id));
  FUZZ_CHECK(m.in_reply_to.empty() || IsMessageId(m.in_reply_to));
  for (const std::string& id : m.references) FUZZ_CHECK(IsMessageId(id));
  FUZZ_CHECK(IsWellFormedUtf8(m.text));
  FUZZ_CHECK(m.text.find('\0') == std::string::npos);
  CheckSanitizedHtml(m.html, /*remote_images_blocked=*/true);
  FUZZ_CHECK(IsWellFormedUtf8(m.decode_note));
  FUZZ_CHECK(!m.flags.decode_failed || !m.decode_note.empty());
  bool any_dropped = false;
  for (const InboundAttachment& a : m.attachments) {
    CheckAttachment(a);
    any_dropped = any_dropped || a.dropped;
  }
  FUZZ_CHECK(any_dropped == m.flags.attachment_dropped);
}

}  // namespace

void FuzzMimeParse(std::string_view data) {
  channels::ParseOptions options;
  options.max_attachment_bytes = kAttachmentLimit;
  auto first = channels::email::ParseMail(std::string(data), options);
  FUZZ_CHECK(first.has_value() == !data.empty());  // only empty input is refused
  if (!first) {
    FUZZ_CHECK(first.error().code == ErrorCode::kInvalidArgument);
    return;
  }
  CheckMessage(*first, data);
  // Parsing is a function of the bytes: a second parse (e.g. an IMAP re-delivery after
  // a crash) must give the same message, or de-duplication and threading would differ.
  auto second = channels::email::ParseMail(std::string(data), options);
  FUZZ_CHECK(second && SameMessage(*first, *second));
}

}  // namespace shopdesk::fuzz
