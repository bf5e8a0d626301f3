#include "channels/email/mime_parser.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <iterator>
#include <optional>
#include <vector>

#include "channels/email/charset_decoder.h"
#include "channels/email/delivery_report.h"
#include "channels/email/gmime_objects.h"
#include "channels/email/gmime_runtime.h"
#include "channels/email/header_decoder.h"
#include "channels/email/header_params.h"
#include "channels/email/mime_part_walker.h"

namespace shopdesk::channels::email {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The first token of a header value, lower-cased, without parameters or comments
// ("auto-replied; x=y" -> "auto-replied", "no (human)" -> "no").
std::string FirstToken(GMimeObject* object, const char* name) {
  std::string value = UnfoldHeader(RawHeader(object, name));
  value = value.substr(0, value.find_first_of(";("));
  const auto b = value.find_first_not_of(' ');
  if (b == std::string::npos) return "";
  const auto e = value.find_last_not_of(' ');
  return Lower(value.substr(b, e - b + 1));
}

// The line at `pos` without its line end.
std::string_view LineAt(std::string_view raw, size_t pos) {
  std::string_view line = raw.substr(pos, raw.find('\n', pos) - pos);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// The offset of the line after the one at `pos` (raw.size() at the end).
size_t NextLine(std::string_view raw, size_t pos) {
  const auto eol = raw.find('\n', pos);
  return eol == std::string_view::npos ? raw.size() : eol + 1;
}

// "Name: value", the name of printable ASCII without ':' (RFC 5322 ftext); the field
// name (lower-cased) in `*name`.
bool IsHeaderLine(std::string_view line, std::string* name = nullptr) {
  const auto colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 76) return false;
  for (size_t i = 0; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  if (name) *name = Lower(std::string(line.substr(0, colon)));
  return true;
}

// True when a real header block starts at `pos`: only header lines and folded
// continuations up to a blank line or the end, among them at least two different
// fields every mail carries (From, To, Subject, Date, Message-ID, ...). A line of text
// that merely contains a colon is no header block.
bool IsRealHeaderBlock(std::string_view raw, size_t pos) {
  static constexpr std::string_view kEnvelope[] = {
      "from",         "to",           "cc",           "subject",     "date",
      "message-id",   "reply-to",     "sender",       "return-path", "received",
      "mime-version", "content-type", "delivered-to", "in-reply-to", "references"};
  std::vector<std::string> seen;
  for (int lines = 0; pos < raw.size() && lines < 500; ++lines, pos = NextLine(raw, pos)) {
    const std::string_view line = LineAt(raw, pos);
    if (line.empty()) break;
    if (line[0] == ' ' || line[0] == '\t') {
      if (lines == 0) return false;
      continue;
    }
    std::string name;
    if (!IsHeaderLine(line, &name)) return false;
    const bool envelope =
        std::find(std::begin(kEnvelope), std::end(kEnvelope), name) != std::end(kEnvelope);
    if (envelope && std::find(seen.begin(), seen.end(), name) == seen.end()) seen.push_back(name);
  }
  return seen.size() >= 2;
}

// Where the headers start. Skipped: an mbox "From " line (as an MTA's pipe adds), a
// UTF-8 byte order mark, and up to kMaxJunkLines lines of junk before a real header
// block ("---- Original email message ----", blank lines, a forwarding tool's banner),
// which GMime would otherwise take as the end of the headers, turning every header
// into body text. A mail whose first line is a header is taken as it is.
size_t HeaderStart(std::string_view raw) {
  constexpr int kMaxJunkLines = 16;
  size_t start = 0;
  if (raw.starts_with("From ")) {
    const auto eol = raw.find('\n');
    if (eol == std::string_view::npos) return 0;
    start = eol + 1;
  }
  if (raw.substr(start).starts_with("\xEF\xBB\xBF")) start += 3;
  if (start >= raw.size() || IsHeaderLine(LineAt(raw, start))) return start;
  size_t pos = start;
  for (int i = 0; i < kMaxJunkLines; ++i) {
    pos = NextLine(raw, pos);
    if (pos >= raw.size()) break;
    if (IsRealHeaderBlock(raw, pos)) return pos;
  }
  return start;
}

// The charset of the first text part at or below `object`, or "".
std::string FirstTextCharset(GMimeObject* object, int depth) {
  if (!object || depth > PartWalker::kMaxDepth) return "";
  if (GMIME_IS_MULTIPART(object)) {
    auto* multipart = GMIME_MULTIPART(object);
    const int n = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < n; ++i) {
      std::string charset = FirstTextCharset(g_mime_multipart_get_part(multipart, i), depth + 1);
      if (!charset.empty()) return charset;
    }
    return "";
  }
  if (!GMIME_IS_PART(object)) return "";
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type && Lower(g_mime_content_type_get_media_type(type)) != "text") return "";
  const char* charset = g_mime_object_get_content_type_parameter(object, "charset");
  return charset ? charset : "";
}

// The charset the mail declares for its text, used to read raw 8-bit header bytes: the
// top-level Content-Type's charset parameter, else its first text part's. Charsets
// that are not ASCII-compatible (UTF-7/16/32) are left out: headers are never written
// in them, and reading ASCII headers through them would garble them.
std::string DeclaredCharset(GMimeMessage* message) {
  GMimeObject* body = g_mime_message_get_mime_part(message);
  if (!body) return "";
  const ParamHeader type = ParseParamHeader(RawHeader(body, "Content-Type"));
  auto it = type.params.find("charset");
  std::string charset = it != type.params.end() ? it->second : FirstTextCharset(body, 0);
  const std::string l = Lower(charset);
  for (const char* wide : {"utf-7", "utf7", "utf-16", "utf-32", "ucs", "unicode"}) {
    if (l.find(wide) != std::string::npos) return "";
  }
  return charset;
}

// The body of a mail GMime could not attach to any part, as undecoded text.
std::string_view BodyOf(std::string_view raw) {
  const auto crlf = raw.find("\r\n\r\n");
  const auto lf = raw.find("\n\n");
  if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
    return raw.substr(crlf + 4);
  }
  if (lf != std::string_view::npos) return raw.substr(lf + 2);
  return raw.find(':') == std::string_view::npos ? raw : std::string_view();
}

void ReadEnvelope(GMimeMessage* message, InboundMessage& out) {
  GMimeObject* top = GMIME_OBJECT(message);
  const std::string charset = DeclaredCharset(message);
  bool ok = true;
  out.subject = DecodeHeader(RawHeader(top, "Subject"), &ok, charset);
  if (!ok) {
    AddNote(out,
            "件名の文字コードを解読できない部分がありました / could not decode part of the "
            "subject",
            true);
  }
  // The first From that names a sender: a mail with a broken From and then a good one
  // was written by the second.
  for (const std::string& raw_from : RawHeaders(top, "From")) {
    Mailbox from = ParseSender(raw_from, charset);
    if (from.address.empty()) continue;
    out.from_name = std::move(from.name);
    out.from_address = std::move(from.address);
    break;
  }
  Mailbox reply_to = ParseMailbox(RawHeader(top, "Reply-To"), charset);
  out.reply_to_name = std::move(reply_to.name);
  out.reply_to_address = std::move(reply_to.address);
  out.to_address = ParseMailbox(RawHeader(top, "To"), charset).address;

  const auto ids = ParseMessageIds(RawHeader(top, "Message-ID"));
  if (!ids.empty()) out.external_id = ids.front();
  const auto in_reply_to = ParseMessageIds(RawHeader(top, "In-Reply-To"));
  if (!in_reply_to.empty()) out.in_reply_to = in_reply_to.front();
  out.references = ParseMessageIds(RawHeader(top, "References"));
  if (GDateTime* date = g_mime_message_get_date(message)) {
    out.date = g_date_time_to_unix(date) * 1000;
  }
}

void DetectFlags(GMimeMessage* message, bool saw_delivery_status, InboundMessage& out) {
  GMimeObject* top = GMIME_OBJECT(message);
  const std::string auto_submitted = FirstToken(top, "Auto-Submitted");
  const std::string precedence = FirstToken(top, "Precedence");
  out.flags.auto_submitted = (!auto_submitted.empty() && auto_submitted != "no") ||
                             HasHeader(top, "X-Autoreply") || HasHeader(top, "X-Autorespond") ||
                             precedence == "auto_reply";
  out.flags.bulk = precedence == "bulk" || precedence == "list" || precedence == "junk" ||
                   HasHeader(top, "List-Id") || HasHeader(top, "List-Unsubscribe");

  // GMime keeps the Content-* headers of the top level on the message's MIME part.
  GMimeObject* body = g_mime_message_get_mime_part(message);
  const ParamHeader type = ParseParamHeader(body ? RawHeader(body, "Content-Type") : "");
  auto report_type = type.params.find("report-type");
  const bool dsn_report = type.value == "multipart/report" && report_type != type.params.end() &&
                          Lower(report_type->second) == "delivery-status";
  const std::string local = out.from_address.substr(0, out.from_address.find('@'));
  const bool daemon = local == "mailer-daemon" || local == "postmaster";
  const std::string return_path = UnfoldHeader(RawHeader(top, "Return-Path"));
  const bool null_sender = return_path.find("<>") != std::string::npos;
  out.flags.bounce =
      dsn_report ||
      (daemon && (saw_delivery_status || null_sender || HasHeader(top, "X-Failed-Recipients")));
}

// The DeliveryReport of a bounce, from its report parts, else from the original quoted
// in its text; nullopt when the mail states nothing a report could hold.
std::optional<DeliveryReport> ReadReport(GMimeMessage* message, const PartWalker& walker,
                                         const InboundMessage& out) {
  const PartWalker::ReportParts& parts = walker.report_parts();
  DeliveryReport report;
  bool read = false;
  if (parts.delivery_status) {
    ReadDeliveryStatus(*parts.delivery_status, report);
    read = true;  // a DSN is a report even when its fields are damaged
  }
  bool have_headers = false;
  if (parts.returned_headers) {
    have_headers = ReadReturnedHeaders(*parts.returned_headers, report);
    read = true;
  }
  if (!have_headers && parts.returned_message) {
    have_headers = ReadReturnedHeaders(*parts.returned_message, report);
    read = read || have_headers;
  }
  ReadFailedRecipientsHeader(UnfoldHeader(RawHeader(GMIME_OBJECT(message), "X-Failed-Recipients")),
                             report);
  read = read || !report.failed_recipient.empty();
  if (!parts.delivery_status && !parts.returned_headers && !have_headers) {
    read = ReadQuotedOriginal(out.text, report) || read;
  }
  if (!read) return std::nullopt;
  return report;
}

}  // namespace

bool IsEmptyInput(std::string_view raw) { return raw.empty(); }

Result<InboundMessage> ParseMail(std::string raw, const ParseOptions& options) {
  if (IsEmptyInput(raw)) return Error::InvalidArgument("the message is empty (0 bytes)");
  EnsureGmime();
  InboundMessage out;
  out.raw = std::move(raw);

  const size_t start = HeaderStart(out.raw);
  GPtr<GMimeStream> stream(
      g_mime_stream_mem_new_with_buffer(out.raw.data() + start, out.raw.size() - start));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  PartWalker walker(out, options);
  if (!message) {
    // Not a mail GMime can read: keep the bytes readable as text.
    out.text = DecodeToUtf8(out.raw, "").utf8;
    out.text.erase(std::remove(out.text.begin(), out.text.end(), '\0'), out.text.end());
    AddNote(out,
            "メールの形式を解析できませんでした。元のデータは保存されています / the message "
            "could not be parsed as mail; the original bytes are kept",
            true);
    return out;
  }
  ReadEnvelope(message.get(), out);
  walker.Walk(g_mime_message_get_mime_part(message.get()), 0);
  walker.Finish();
  DetectFlags(message.get(), walker.saw_delivery_status(), out);
  if (out.text.empty() && out.html.empty() && out.attachments.empty()) {
    // Headers only, or a body GMime could not attach to a part: show the raw body.
    DecodedText body = DecodeToUtf8(BodyOf(std::string_view(out.raw).substr(start)), "");
    out.text = std::move(body.utf8);
    out.text.erase(std::remove(out.text.begin(), out.text.end(), '\0'), out.text.end());
  }
  if (out.flags.bounce) out.delivery_report = ReadReport(message.get(), walker, out);
  if (!out.delivery_report) walker.RestoreReportParts();
  return out;
}

}  // namespace shopdesk::channels::email
