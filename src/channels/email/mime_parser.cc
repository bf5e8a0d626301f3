#include "channels/email/mime_parser.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <memory>

#include "channels/email/charset_decoder.h"
#include "channels/email/gmime_runtime.h"
#include "channels/email/header_decoder.h"
#include "channels/email/html_sanitizer.h"

namespace shopdesk::channels::email {
namespace {

constexpr int kMaxDepth = 20;
constexpr size_t kMaxHeaderValue = 64 * 1024;  // longer values are cut (raw keeps them)

struct GObjectDeleter {
  void operator()(void* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectDeleter>;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The raw (undecoded, folded) value of the first header called `name`, or "".
std::string RawHeader(GMimeObject* object, const char* name) {
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  if (!list) return "";
  GMimeHeader* header = g_mime_header_list_get_header(list, name);
  if (!header) return "";
  const char* raw = g_mime_header_get_raw_value(header);
  std::string value = raw ? raw : "";
  if (value.size() > kMaxHeaderValue) value.resize(kMaxHeaderValue);
  return value;
}

bool HasHeader(GMimeObject* object, const char* name) {
  GMimeHeaderList* list = g_mime_object_get_header_list(object);
  return list && g_mime_header_list_contains(list, name);
}

std::string Trimmed(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  const auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Decoded bytes of a leaf part (transfer encoding removed).
std::string PartBytes(GMimePart* part) {
  GMimeDataWrapper* content = g_mime_part_get_content(part);
  if (!content) return "";
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(content, stream.get());
  GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return array ? std::string(reinterpret_cast<const char*>(array->data), array->len) : "";
}

std::string SafeFilename(std::string name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  name.erase(std::remove_if(name.begin(), name.end(),
                            [](unsigned char c) { return c < 0x20 || c == 0x7f; }),
             name.end());
  if (name == "." || name == "..") name.clear();
  if (name.size() > 255) name.resize(255);
  return name;
}

std::string HumanSize(std::int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

class Walker {
 public:
  Walker(InboundMessage& out, const ParseOptions& options) : out_(out), options_(options) {}

  void Walk(GMimeObject* object, int depth) {
    if (!object) return;
    if (depth > kMaxDepth) {
      Note(
          "MIMEの入れ子が深すぎるため一部を読み飛ばしました / MIME nesting too deep; parts "
          "skipped");
      return;
    }
    if (GMIME_IS_MULTIPART(object)) {
      auto* multipart = GMIME_MULTIPART(object);
      const int n = g_mime_multipart_get_count(multipart);
      for (int i = 0; i < n; ++i) Walk(g_mime_multipart_get_part(multipart, i), depth + 1);
      return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      // A forwarded or bounced message: keep it whole as an attachment.
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      std::string bytes;
      if (inner) {
        GPtr<GMimeStream> stream(g_mime_stream_mem_new());
        g_mime_object_write_to_stream(GMIME_OBJECT(inner), nullptr, stream.get());
        GByteArray* array = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
        if (array) bytes.assign(reinterpret_cast<const char*>(array->data), array->len);
      }
      AddAttachment("message.eml", "message/rfc822", "", false, std::move(bytes));
      return;
    }
    if (!GMIME_IS_PART(object)) return;
    auto* part = GMIME_PART(object);
    GMimeContentType* type = g_mime_object_get_content_type(object);
    const std::string media = type ? Lower(g_mime_content_type_get_media_type(type)) : "text";
    const std::string sub = type ? Lower(g_mime_content_type_get_media_subtype(type)) : "plain";
    const std::string content_type = media + "/" + sub;
    const char* filename_c = g_mime_part_get_filename(part);
    std::string filename = filename_c ? SafeFilename(DecodeHeader(filename_c)) : "";
    GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
    const bool is_attachment = disposition && g_mime_content_disposition_is_attachment(disposition);
    const char* cid = g_mime_object_get_content_id(object);
    const bool is_text = media == "text" && (sub == "plain" || sub == "html");

    if (is_text && !is_attachment && filename.empty()) {
      const char* charset = g_mime_object_get_content_type_parameter(object, "charset");
      DecodedText decoded = DecodeToUtf8(PartBytes(part), charset ? charset : "");
      if (!decoded.ok) {
        Note(std::string("本文の文字コード(") + (charset ? charset : "指定なし") +
             ")を完全には解読できませんでした。元のメールは保存されています / could not fully "
             "decode the body (charset " +
             (charset ? charset : "none") + "); the original mail is kept");
      }
      std::string& target = sub == "plain" ? plain_ : html_;
      if (!target.empty()) target += sub == "plain" ? "\n\n" : "<hr>";
      target += decoded.utf8;
      return;
    }
    AddAttachment(filename.empty() ? "attachment" : filename, content_type, cid ? cid : "",
                  !is_attachment && cid != nullptr, PartBytes(part));
  }

  void Finish() {
    if (!html_.empty()) out_.html = SanitizeHtml(html_).html;
    out_.text = !plain_.empty() ? plain_ : (html_.empty() ? "" : HtmlToText(html_));
  }

  void Note(const std::string& note) {
    out_.flags.decode_failed = true;
    if (out_.decode_note.find(note) != std::string::npos) return;
    if (!out_.decode_note.empty()) out_.decode_note += "\n";
    out_.decode_note += note;
  }

 private:
  void AddAttachment(std::string filename, std::string content_type, std::string cid,
                     bool inline_part, std::string bytes) {
    InboundAttachment a;
    a.filename = std::move(filename);
    a.content_type = std::move(content_type);
    a.content_id = std::move(cid);
    a.inline_part = inline_part;
    a.size = static_cast<std::int64_t>(bytes.size());
    if (a.size > options_.max_attachment_bytes) {
      a.dropped = true;
      out_.flags.attachment_dropped = true;
      const std::string note = "添付ファイル「" + a.filename + "」(" + HumanSize(a.size) +
                               ")は上限を超えたため保存していません。元のメールは保存されています"
                               " / attachment '" +
                               a.filename + "' (" + HumanSize(a.size) +
                               ") is over the limit and was not stored; the original mail is kept";
      if (!out_.decode_note.empty()) out_.decode_note += "\n";
      out_.decode_note += note;
    } else {
      a.data = std::move(bytes);
    }
    out_.attachments.push_back(std::move(a));
  }

  InboundMessage& out_;
  const ParseOptions& options_;
  std::string plain_;
  std::string html_;
};

void DetectFlags(GMimeObject* top, InboundMessage& out) {
  const std::string auto_submitted = Lower(Trimmed(RawHeader(top, "Auto-Submitted")));
  const std::string precedence = Lower(Trimmed(RawHeader(top, "Precedence")));
  out.flags.auto_submitted = (!auto_submitted.empty() && auto_submitted != "no") ||
                             HasHeader(top, "X-Autoreply") || HasHeader(top, "X-Autorespond") ||
                             precedence == "auto_reply";
  out.flags.bulk = precedence == "bulk" || precedence == "list" || precedence == "junk" ||
                   HasHeader(top, "List-Id") || HasHeader(top, "List-Unsubscribe");
  GMimeContentType* type = g_mime_object_get_content_type(top);
  const bool report = type && g_mime_content_type_is_type(type, "multipart", "report");
  const char* report_type = type ? g_mime_content_type_get_parameter(type, "report-type") : nullptr;
  const std::string local = out.from_address.substr(0, out.from_address.find('@'));
  out.flags.bounce = (report && report_type && Lower(report_type) == "delivery-status") ||
                     local == "mailer-daemon" || local == "postmaster";
}

}  // namespace

Result<InboundMessage> ParseMail(std::string raw, const ParseOptions& options) {
  if (raw.empty()) return Error::InvalidArgument("the message is empty (0 bytes)");
  EnsureGmime();
  InboundMessage out;
  out.raw = std::move(raw);

  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(out.raw.data(), out.raw.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  Walker walker(out, options);
  if (!message) {
    // Not a mail GMime can read: keep the bytes readable as text.
    out.text = DecodeToUtf8(out.raw, "").utf8;
    walker.Note(
        "メールの形式を解析できませんでした。元のデータは保存されています / the message "
        "could not be parsed as mail; the original bytes are kept");
    return out;
  }
  GMimeObject* top = GMIME_OBJECT(message.get());
  bool ok = true;
  out.subject = DecodeHeader(RawHeader(top, "Subject"), &ok);
  const Mailbox from = ParseMailbox(RawHeader(top, "From"));
  out.from_name = from.name;
  out.from_address = from.address;
  out.reply_to_address = ParseMailbox(RawHeader(top, "Reply-To")).address;
  out.to_address = ParseMailbox(RawHeader(top, "To")).address;
  if (!ok) walker.Note("件名を完全には解読できませんでした / could not fully decode the subject");

  const auto ids = ParseMessageIds(RawHeader(top, "Message-ID"));
  if (!ids.empty()) out.external_id = ids.front();
  const auto in_reply_to = ParseMessageIds(RawHeader(top, "In-Reply-To"));
  if (!in_reply_to.empty()) out.in_reply_to = in_reply_to.front();
  out.references = ParseMessageIds(RawHeader(top, "References"));
  if (GDateTime* date = g_mime_message_get_date(message.get())) {
    out.date = g_date_time_to_unix(date) * 1000;
  }
  DetectFlags(top, out);

  walker.Walk(g_mime_message_get_mime_part(message.get()), 0);
  walker.Finish();
  if (out.text.empty() && out.html.empty() && out.attachments.empty()) {
    // Headers only, or a body GMime could not attach to a part: show the raw body.
    const auto split = out.raw.find("\r\n\r\n");
    const auto split_lf = out.raw.find("\n\n");
    const size_t body = split != std::string::npos      ? split + 4
                        : split_lf != std::string::npos ? split_lf + 2
                                                        : out.raw.size();
    out.text = DecodeToUtf8(std::string_view(out.raw).substr(body), "").utf8;
  }
  if (out.text.find('\0') != std::string::npos) {
    out.text.erase(std::remove(out.text.begin(), out.text.end(), '\0'), out.text.end());
    walker.Note("本文に含まれていたNUL文字を取り除きました / NUL bytes were removed from the text");
  }
  return out;
}

}  // namespace shopdesk::channels::email
