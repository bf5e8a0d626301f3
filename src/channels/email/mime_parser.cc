#include "channels/email/mime_parser.h"

#include <gmime/gmime.h>

#include <algorithm>

#include "channels/email/charset_decoder.h"
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

// Where the headers start: an mbox "From " line (as an MTA's pipe adds) is skipped.
size_t HeaderStart(std::string_view raw) {
  if (!raw.starts_with("From ")) return 0;
  const auto eol = raw.find('\n');
  return eol == std::string_view::npos ? 0 : eol + 1;
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
  bool ok = true;
  out.subject = DecodeHeader(RawHeader(top, "Subject"), &ok);
  if (!ok) {
    AddNote(out,
            "件名の文字コードを解読できない部分がありました / could not decode part of the "
            "subject",
            true);
  }
  const Mailbox from = ParseMailbox(RawHeader(top, "From"));
  out.from_name = from.name;
  out.from_address = from.address;
  out.reply_to_address = ParseMailbox(RawHeader(top, "Reply-To")).address;
  out.to_address = ParseMailbox(RawHeader(top, "To")).address;

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
  return out;
}

}  // namespace shopdesk::channels::email
