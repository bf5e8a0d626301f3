#include "channels/email/mime_part_walker.h"

#include <algorithm>
#include <cstdio>

#include "channels/email/charset_decoder.h"
#include "channels/email/flowed_text.h"
#include "channels/email/gmime_objects.h"
#include "channels/email/header_decoder.h"
#include "channels/email/header_params.h"
#include "channels/email/html_sanitizer.h"
#include "channels/email/html_to_text.h"
#include "channels/email/transfer_encoding.h"
#include "core/attachment_name.h"

namespace shopdesk::channels::email {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string DefaultFilename(const std::string& media, const std::string& sub) {
  if (media == "message" && sub == "delivery-status") return "delivery-status.txt";
  if (media == "text" && sub == "calendar") return "invite.ics";
  if (media == "text") return sub == "html" ? "attachment.html" : "attachment.txt";
  if (media == "image" && sub.size() <= 10) return "image." + (sub == "jpeg" ? "jpg" : sub);
  if (sub == "pdf") return "attachment.pdf";
  return "attachment";
}

std::string HumanSize(std::int64_t bytes) {
  char buf[32];
  if (bytes < 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%lld KB", static_cast<long long>((bytes + 1023) / 1024));
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return buf;
}

// Base64 as it stands in the mail has only alphabet characters, whitespace and
// trailing padding; anything else means the part was damaged on the way.
bool IsCleanBase64(std::string_view encoded) {
  bool padding = false;
  for (unsigned char c : encoded) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    const bool alphabet = std::isalnum(c) || c == '+' || c == '/';
    if (!alphabet || padding) return false;
  }
  return true;
}

std::string NormalizeLineEnds(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.push_back('\n');
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

// Blank to a reader: ASCII whitespace, NBSP (U+00A0) and the ideographic space U+3000.
bool IsBlankText(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
      ++i;
    } else if (text.substr(i, 2) == "\xC2\xA0") {
      i += 2;
    } else if (text.substr(i, 3) == "\xE3\x80\x80") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

bool IsUuencodeLabel(const std::string& cte) {
  return cte == "x-uuencode" || cte == "uuencode" || cte == "x-uue" || cte == "uue";
}

// The media type of a uuencoded file, which states only its name.
std::string TypeForName(const std::string& name) {
  const auto dot = name.rfind('.');
  const std::string ext = dot == std::string::npos ? "" : Lower(name.substr(dot + 1));
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png" || ext == "gif" || ext == "bmp" || ext == "webp") return "image/" + ext;
  if (ext == "pdf" || ext == "zip") return "application/" + ext;
  if (ext == "txt") return "text/plain";
  return "application/octet-stream";
}

std::string Capped(std::string_view bytes) {
  return std::string(bytes.substr(0, PartWalker::kMaxReportPart));
}

}  // namespace

void AddNote(InboundMessage& out, const std::string& note, bool failure) {
  if (failure) out.flags.decode_failed = true;
  if (out.decode_note.find(note) != std::string::npos) return;
  if (!out.decode_note.empty()) out.decode_note += "\n";
  out.decode_note += note;
}

void PartWalker::Walk(GMimeObject* object, int depth) {
  if (!object) return;
  if (depth > kMaxDepth) {
    AddNote(out_,
            "MIMEの入れ子が深すぎるため一部を読み飛ばしました。元のメールは保存されています / "
            "MIME nesting too deep; some parts were skipped (the original mail is kept)",
            true);
    return;
  }
  if (GMIME_IS_MULTIPART(object)) {
    auto* multipart = GMIME_MULTIPART(object);
    const int n = g_mime_multipart_get_count(multipart);
    for (int i = 0; i < n; ++i) Walk(g_mime_multipart_get_part(multipart, i), depth + 1);
    return;
  }
  if (GMIME_IS_MESSAGE_PART(object)) {
    MessagePart(GMIME_MESSAGE_PART(object));
    return;
  }
  if (GMIME_IS_PART(object)) Leaf(object);
}

void PartWalker::MessagePart(GMimeMessagePart* part) {
  // A forwarded or bounced message: kept whole as an attachment.
  GMimeMessage* inner = g_mime_message_part_get_message(part);
  InboundAttachment a;
  a.content_type = "message/rfc822";
  std::string bytes;
  if (inner) {
    bytes = ObjectBytes(GMIME_OBJECT(inner));
    a.filename = SafeFilename(DecodeHeader(RawHeader(GMIME_OBJECT(inner), "Subject")));
  }
  if (GMimeContentType* type = g_mime_object_get_content_type(GMIME_OBJECT(part))) {
    a.content_type = Lower(std::string(g_mime_content_type_get_media_type(type)) + "/" +
                           g_mime_content_type_get_media_subtype(type));
  }
  if (a.content_type.find("delivery-status") != std::string::npos) saw_delivery_status_ = true;
  a.filename = (a.filename.empty() ? "message" : a.filename) + ".eml";
  if (HoldReportPart(a.content_type, a, bytes)) return;
  if (!report_parts_.returned_message &&
      (a.content_type == "message/rfc822" || a.content_type == "message/global")) {
    report_parts_.returned_message = Capped(bytes);
  }
  AddAttachment(std::move(a), std::move(bytes));
}

void PartWalker::Leaf(GMimeObject* object) {
  auto* part = GMIME_PART(object);
  const ParamHeader type = ParseParamHeader(RawHeader(object, "Content-Type"));
  const ParamHeader disposition = ParseParamHeader(RawHeader(object, "Content-Disposition"));
  GMimeContentType* gtype = g_mime_object_get_content_type(object);
  const std::string media = gtype ? Lower(g_mime_content_type_get_media_type(gtype)) : "text";
  const std::string sub = gtype ? Lower(g_mime_content_type_get_media_subtype(gtype)) : "plain";
  if (media == "message" && sub.find("delivery-status") != std::string::npos) {
    saw_delivery_status_ = true;
  }

  std::string filename;
  if (auto it = disposition.params.find("filename"); it != disposition.params.end()) {
    filename = SafeFilename(it->second);
  }
  if (auto it = type.params.find("name"); filename.empty() && it != type.params.end()) {
    filename = SafeFilename(it->second);
  }
  const bool is_attachment = disposition.value == "attachment";
  const char* cid = g_mime_object_get_content_id(object);

  if (g_mime_part_get_content_encoding(part) == GMIME_CONTENT_ENCODING_BASE64 &&
      !IsCleanBase64(EncodedContent(part))) {
    AddNote(out_,
            "base64で符号化された部分が壊れていたため、読める範囲で保存しました / a base64 "
            "part was damaged; what could be read was kept",
            true);
  }
  std::string bytes = DecodedContent(part);
  const std::string cte =
      Lower(std::string(Trim(UnfoldHeader(RawHeader(object, "Content-Transfer-Encoding")))));
  if (IsUuencodeLabel(cte)) {
    // GMime knows only some of these labels; decoding here treats them all alike.
    std::string begin_name;
    bytes = UuDecode(EncodedContent(part), &begin_name);
    if (filename.empty()) filename = SafeFilename(begin_name);
  } else if (g_mime_part_get_content_encoding(part) == GMIME_CONTENT_ENCODING_BASE64) {
    // GMime drops a last quantum that lacks its '=' padding ("QUJDRA" gives "ABC");
    // our decoder keeps it. Used only when it extends what GMime read, so damaged
    // base64 is still read the way GMime reads it.
    std::string whole = Base64Decode(EncodedContent(part));
    if (whole.size() > bytes.size() && whole.compare(0, bytes.size(), bytes) == 0) {
      bytes = std::move(whole);
    }
  }

  const bool is_body_text =
      media == "text" && (sub == "plain" || sub == "html") && !is_attachment && filename.empty();
  if (is_body_text) {
    const char* charset = g_mime_object_get_content_type_parameter(object, "charset");
    if (sub == "plain") InlineUuBlocks(bytes);
    DecodedText decoded = DecodeToUtf8(bytes, charset ? charset : "");
    if (!decoded.ok) {
      // Quoted through DisplayLabel: the raw parameter may hold any bytes.
      const std::string label = DisplayLabel(charset ? charset : "");
      AddNote(out_,
              "本文の文字コード(charset=" + (label.empty() ? "指定なし" : label) +
                  ")を解読できない部分がありました。元のメールは保存されています / could not "
                  "decode part of the body (charset " +
                  (label.empty() ? "none" : label) + "); the original mail is kept",
              true);
    }
    std::string text = std::move(decoded.utf8);
    if (sub == "plain") {
      auto format = type.params.find("format");
      if (format != type.params.end() && Lower(format->second) == "flowed") {
        auto delsp = type.params.find("delsp");
        text = UnflowText(text, delsp != type.params.end() && Lower(delsp->second) == "yes");
      }
    }
    std::string& target = sub == "plain" ? plain_ : html_;
    if (!target.empty()) target += sub == "plain" ? "\n\n" : "<hr>";
    target += text;
    return;
  }

  InboundAttachment a;
  a.filename = filename.empty() ? DefaultFilename(media, sub) : filename;
  a.content_type = media + "/" + sub;
  a.content_id = cid ? cid : "";
  a.inline_part = !is_attachment && !a.content_id.empty();
  if (HoldReportPart(a.content_type, a, bytes)) return;
  AddAttachment(std::move(a), std::move(bytes));
}

bool PartWalker::HoldReportPart(const std::string& type, const InboundAttachment& a,
                                const std::string& bytes) {
  std::optional<std::string>* slot = nullptr;
  if (type == "message/delivery-status" || type == "message/global-delivery-status") {
    slot = &report_parts_.delivery_status;
  } else if (type == "text/rfc822-headers" || type == "message/global-headers") {
    slot = &report_parts_.returned_headers;
  } else {
    return false;
  }
  if (!*slot) *slot = Capped(bytes);
  held_.push_back({out_.attachments.size() + held_.size(), a, bytes});
  return true;
}

void PartWalker::RestoreReportParts() {
  for (HeldPart& held : held_) {
    InboundAttachment a = Limited(std::move(held.attachment), std::move(held.bytes));
    const size_t at = std::min(held.position, out_.attachments.size());
    out_.attachments.insert(out_.attachments.begin() + static_cast<std::ptrdiff_t>(at),
                            std::move(a));
  }
  held_.clear();
}

void PartWalker::InlineUuBlocks(std::string& bytes) {
  if (bytes.find("begin ") == std::string::npos) return;
  std::string rest;
  std::vector<UuBlock> blocks = ExtractUuBlocks(bytes, &rest);
  if (blocks.empty()) return;
  bytes = std::move(rest);
  for (UuBlock& block : blocks) {
    InboundAttachment a;
    a.filename = SafeFilename(DecodeHeader(block.name));
    if (a.filename.empty()) a.filename = "attachment";
    a.content_type = TypeForName(a.filename);
    AddAttachment(std::move(a), std::move(block.data));
  }
}

void PartWalker::AddAttachment(InboundAttachment a, std::string bytes) {
  out_.attachments.push_back(Limited(std::move(a), std::move(bytes)));
}

InboundAttachment PartWalker::Limited(InboundAttachment a, std::string bytes) {
  a.size = static_cast<std::int64_t>(bytes.size());
  if (a.size > options_.max_attachment_bytes) {
    a.dropped = true;
    out_.flags.attachment_dropped = true;
    AddNote(out_,
            "添付ファイル「" + a.filename + "」(" + HumanSize(a.size) +
                ")は上限を超えたため保存していません。元のメールは保存されています。 / "
                "attachment '" +
                a.filename + "' (" + HumanSize(a.size) +
                ") is over the size limit and was not stored; the original mail is kept",
            false);
  } else {
    a.data = std::move(bytes);
  }
  return a;
}

void PartWalker::Finish() {
  if (!html_.empty()) out_.html = SanitizeHtml(html_).html;
  // A blank text/plain beside the HTML (some mailers send an empty alternative) says
  // nothing: the text is then the HTML's.
  const bool plain_usable = !plain_.empty() && !(IsBlankText(plain_) && !html_.empty());
  out_.text = NormalizeLineEnds(plain_usable ? plain_ : HtmlToText(html_));
  if (out_.text.find('\0') != std::string::npos) {
    out_.text.erase(std::remove(out_.text.begin(), out_.text.end(), '\0'), out_.text.end());
    AddNote(out_,
            "本文に含まれていたNUL文字を取り除きました / NUL bytes were removed from the text",
            true);
  }
}

}  // namespace shopdesk::channels::email
