#include "channels/email/mime_composer.h"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <string_view>
#include <vector>

#include "channels/email/transfer_encoding.h"
#include "channels/reply_ids.h"
#include "core/attachment_name.h"
#include "core/digest.h"
#include "core/email_address.h"

namespace shopdesk::channels::email {
namespace {

constexpr size_t kMaxIdLength = 900;
constexpr size_t kWordBytes = 36;  // 36 bytes -> 48 base64 chars; "=?UTF-8?B??=" adds 12

bool IsPrintableAscii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7f; });
}

bool HasLineBreakOrNul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// A message id without <>: printable ASCII, no spaces or brackets.
bool IsPlainId(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdLength && IsPrintableAscii(id) &&
         id.find_first_of(" <>") == std::string_view::npos;
}

// Splits UTF-8 text into chunks of at most `max_bytes`, never inside a character.
std::vector<std::string_view> Utf8Chunks(std::string_view s, size_t max_bytes) {
  std::vector<std::string_view> chunks;
  while (!s.empty()) {
    size_t n = std::min(max_bytes, s.size());
    while (n < s.size() && n > 0 && (static_cast<unsigned char>(s[n]) & 0xc0) == 0x80) --n;
    if (n == 0) n = std::min(max_bytes, s.size());
    chunks.push_back(s.substr(0, n));
    s.remove_prefix(n);
  }
  return chunks;
}

// RFC 2047 B-words, one per folded line ("=?UTF-8?B?...?=\r\n =?UTF-8?B?...?=").
std::string EncodedWords(std::string_view text) {
  std::string words;
  for (auto chunk : Utf8Chunks(text, kWordBytes)) {
    if (!words.empty()) words += "\r\n ";
    words += "=?UTF-8?B?" + Base64Encode(chunk, 0) + "?=";
  }
  return words;
}

// "Name: value\r\n", with the value as folded encoded words unless it is short ASCII
// that no reader could mistake for an encoded word.
std::string UnstructuredHeader(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ": ";
  if (IsPrintableAscii(value) && value.size() + name.size() + 2 <= 78 &&
      value.find("=?") == std::string_view::npos) {
    out += value;
  } else {
    out += EncodedWords(value);
  }
  return out + "\r\n";
}

std::string Phrase(const std::string& name) {
  if (!IsPrintableAscii(name) || name.find("=?") != std::string::npos) return EncodedWords(name);
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

std::string AddressHeader(std::string_view field, const std::string& name,
                          const std::string& address) {
  if (name.empty()) return std::string(field) + ": <" + address + ">\r\n";
  std::string out = std::string(field) + ": " + Phrase(name);
  const auto last_break = out.rfind('\n');
  const size_t last_line = out.size() - (last_break == std::string::npos ? 0 : last_break + 1);
  out += last_line + address.size() + 3 <= 78 ? " <" : "\r\n <";
  return out + address + ">\r\n";
}

std::string Rfc5322Date(Timestamp t) {
  const std::time_t seconds = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday % 7],
                tm.tm_mday, kMonths[tm.tm_mon % 12], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

std::string TextPart(std::string_view subtype, std::string_view body) {
  // Line ends become CRLF before encoding, so every reader sees the same lines.
  std::string crlf;
  crlf.reserve(body.size() + body.size() / 40);
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\r') continue;
    if (body[i] == '\n') crlf += '\r';
    crlf += body[i];
  }
  return "Content-Type: text/" + std::string(subtype) +
         "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Encode(crlf);
}

// A file name as a MIME parameter value that every reader can use: plain ASCII as a
// quoted string; anything else as RFC 2231 (filename*0*=UTF-8''%E7%B4%8D...; one
// continuation per line, whole characters in each) for readers that follow the
// standard, and, on Content-Type's `name`, as RFC 2047 words inside the quotes, which
// older Japanese mail programs read instead.
bool IsQuotableName(std::string_view name) {
  return IsPrintableAscii(name) && name.size() <= 60 &&
         name.find_first_of("\"\\") == std::string_view::npos &&
         name.find("=?") == std::string_view::npos;
}

std::string PercentEncoded(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// Continuations of at most 54 encoded characters (with "filename*NN*=" a line stays
// under 78), each holding whole UTF-8 characters.
std::string Rfc2231Filename(std::string_view name) {
  std::vector<std::string> pieces(1);
  for (size_t i = 0; i < name.size();) {
    size_t n = 1;
    while (i + n < name.size() && (static_cast<unsigned char>(name[i + n]) & 0xc0) == 0x80) ++n;
    const std::string encoded = PercentEncoded(name.substr(i, n));
    if (pieces.back().size() + encoded.size() > 54) pieces.emplace_back();
    pieces.back() += encoded;
    i += n;
  }
  std::string out;
  for (size_t index = 0; index < pieces.size(); ++index) {
    out += (index == 0 ? "" : ";\r\n ") + std::string("filename*") + std::to_string(index) +
           "*=" + (index == 0 ? "UTF-8''" : "") + pieces[index];
  }
  return out;
}

std::string AttachmentPart(const OutboundAttachment& a) {
  // A long media type (Office's are 71 characters) gets a line of its own.
  std::string out = a.content_type.size() > 62 ? "Content-Type:\r\n " : "Content-Type: ";
  const bool quotable = IsQuotableName(a.filename);
  out += a.content_type + ";\r\n name=\"";
  out += quotable ? a.filename : EncodedWords(a.filename);
  out += "\"\r\nContent-Disposition: attachment;\r\n ";
  out += quotable ? "filename=\"" + a.filename + "\"" : Rfc2231Filename(a.filename);
  out += "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Encode(a.data);
  return out;
}

Error Invalid(const std::string& what) { return Error::InvalidArgument(what); }

}  // namespace

Result<std::string> ComposeMail(const OutboundMessage& m) {
  for (const std::string* field : {&m.message_id, &m.in_reply_to, &m.from_name, &m.from_address,
                                   &m.to_name, &m.to_address, &m.subject}) {
    if (HasLineBreakOrNul(*field)) {
      return Invalid("a mail header may not contain a line break or NUL (header injection?)");
    }
  }
  for (const auto& ref : m.references) {
    if (HasLineBreakOrNul(ref)) {
      return Invalid("a mail header may not contain a line break or NUL (header injection?)");
    }
  }
  if (!IsPlainAddress(m.from_address)) {
    return Invalid("the From address '" + m.from_address + "' is not a valid e-mail address");
  }
  if (!IsPlainAddress(m.to_address)) {
    return Invalid("the To address '" + m.to_address + "' is not a valid e-mail address");
  }
  for (const auto* copies : {&m.cc, &m.bcc}) {
    for (const auto& address : *copies) {
      if (!IsPlainAddress(address)) {
        return Invalid("the copy address '" + address + "' is not a valid e-mail address");
      }
    }
  }
  for (const auto& a : m.attachments) {
    if (a.filename.empty() || SafeFilename(a.filename) != a.filename) {
      return Invalid("the attachment name '" + a.filename + "' is not a plain file name");
    }
    if (SafeContentType(a.content_type) != a.content_type) {
      return Invalid("the attachment type '" + a.content_type + "' is not a media type");
    }
  }
  for (const std::string* id : {&m.message_id, &m.in_reply_to}) {
    if (!id->empty() && !IsPlainId(*id)) return Invalid("malformed message id '" + *id + "'");
  }
  for (const auto& ref : m.references) {
    if (!IsPlainId(ref)) return Invalid("malformed message id '" + ref + "' in References");
  }
  const std::string message_id = !m.message_id.empty() ? m.message_id : NewReplyId(m.from_address);

  std::string out;
  out += "Date: " + Rfc5322Date(m.date) + "\r\n";
  out += AddressHeader("From", m.from_name, m.from_address);
  out += AddressHeader("To", m.to_name, m.to_address);
  if (!m.cc.empty()) {
    out += "Cc:";
    for (size_t i = 0; i < m.cc.size(); ++i) {
      out += (i == 0 ? " <" : ",\r\n <") + m.cc[i] + ">";
    }
    out += "\r\n";
  }
  out += UnstructuredHeader("Subject", m.subject);
  out += "Message-ID: <" + message_id + ">\r\n";
  if (!m.in_reply_to.empty()) out += "In-Reply-To: <" + m.in_reply_to + ">\r\n";
  if (!m.references.empty()) {
    out += "References:";
    for (const auto& ref : m.references) out += "\r\n <" + ref + ">";
    out += "\r\n";
  }
  if (m.auto_replied) out += "Auto-Submitted: auto-replied\r\n";
  out += "MIME-Version: 1.0\r\n";
  std::string body;
  if (m.html.empty()) {
    body = TextPart("plain", m.text);
  } else {
    const std::string boundary = "=_sd_" + RandomHex(12);
    body = "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    body += "--" + boundary + "\r\n" + TextPart("plain", m.text);
    body += "--" + boundary + "\r\n" + TextPart("html", m.html);
    body += "--" + boundary + "--\r\n";
  }
  if (m.attachments.empty()) return out + body;
  // The body first, then each file (RFC 2046 multipart/mixed).
  const std::string boundary = "=_sd_" + RandomHex(12);
  out += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "--" + boundary + "\r\n" + body;
  for (const auto& a : m.attachments) out += "--" + boundary + "\r\n" + AttachmentPart(a);
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace shopdesk::channels::email
