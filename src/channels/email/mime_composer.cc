#include "channels/email/mime_composer.h"

#include <chrono>
#include <cstdio>

#include "channels/email/transfer_encoding.h"
#include "core/digest.h"

namespace shopdesk::channels::email {
namespace {

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80 || c < 0x20) return false;
  }
  return true;
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

// "Name: value" with the value as folded encoded words when it is not plain ASCII.
std::string Header(std::string_view name, std::string_view value) {
  std::string out(name);
  out += ": ";
  if (IsAscii(value) && value.size() + name.size() < 76) {
    out += value;
  } else {
    // 36 bytes -> 48 base64 characters + 12 of "=?UTF-8?B??=" = 60, so even the first
    // line ("Subject: " + word) stays under 78 characters.
    bool first = true;
    for (auto chunk : Utf8Chunks(value, 36)) {
      if (!first) out += "\r\n ";
      out += "=?UTF-8?B?" + Base64Encode(chunk, 0) + "?=";
      first = false;
    }
  }
  return out + "\r\n";
}

std::string Phrase(const std::string& name) {
  if (IsAscii(name)) {
    std::string quoted = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') quoted.push_back('\\');
      quoted.push_back(c);
    }
    return quoted + "\"";
  }
  std::string words;
  for (auto chunk : Utf8Chunks(name, 36)) {
    if (!words.empty()) words += "\r\n ";
    words += "=?UTF-8?B?" + Base64Encode(chunk, 0) + "?=";
  }
  return words;
}

std::string AddressHeader(std::string_view field, const std::string& name,
                          const std::string& address) {
  if (name.empty()) return std::string(field) + ": <" + address + ">\r\n";
  const std::string phrase = Phrase(name);
  const size_t last_line =
      phrase.size() - (phrase.rfind('\n') == std::string::npos ? 0 : phrase.rfind('\n') + 1);
  const bool fits = last_line + address.size() + 3 +
                        (phrase.find('\n') == std::string::npos ? field.size() + 2 : 0) <=
                    78;
  return std::string(field) + ": " + phrase + (fits ? " <" : "\r\n <") + address + ">\r\n";
}

std::string Rfc5322Date(Timestamp t) {
  const std::time_t seconds = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

bool HasLineBreak(std::string_view s) {
  return s.find('\r') != std::string_view::npos || s.find('\n') != std::string_view::npos;
}

std::string TextPart(std::string_view subtype, std::string_view body) {
  // Normalize line endings to CRLF before encoding, so every reader sees the same lines.
  std::string crlf;
  crlf.reserve(body.size() + body.size() / 40);
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r')) crlf += '\r';
    crlf += body[i];
  }
  return "Content-Type: text/" + std::string(subtype) +
         "; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Base64Encode(crlf);
}

}  // namespace

Result<std::string> ComposeMail(const OutboundMessage& m) {
  for (const std::string* field : {&m.message_id, &m.in_reply_to, &m.from_name, &m.from_address,
                                   &m.to_name, &m.to_address, &m.subject}) {
    if (HasLineBreak(*field)) {
      return Error::InvalidArgument("a mail header may not contain a line break");
    }
  }
  for (const auto& ref : m.references) {
    if (HasLineBreak(ref))
      return Error::InvalidArgument("a mail header may not contain a line break");
  }
  if (m.from_address.empty() || m.to_address.empty()) {
    return Error::InvalidArgument("a mail needs a From and a To address");
  }
  std::string out;
  out += "Date: " + Rfc5322Date(m.date) + "\r\n";
  out += AddressHeader("From", m.from_name, m.from_address);
  out += AddressHeader("To", m.to_name, m.to_address);
  out += Header("Subject", m.subject);
  if (!m.message_id.empty()) out += "Message-ID: <" + m.message_id + ">\r\n";
  if (!m.in_reply_to.empty()) out += "In-Reply-To: <" + m.in_reply_to + ">\r\n";
  if (!m.references.empty()) {
    out += "References:";
    for (const auto& ref : m.references) out += "\r\n <" + ref + ">";
    out += "\r\n";
  }
  out += "MIME-Version: 1.0\r\n";
  if (m.html.empty()) {
    out += TextPart("plain", m.text);
  } else {
    const std::string boundary = "=_sd_" + RandomHex(12);
    out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
    out += "--" + boundary + "\r\n" + TextPart("plain", m.text);
    out += "--" + boundary + "\r\n" + TextPart("html", m.html);
    out += "--" + boundary + "--\r\n";
  }
  return out;
}

}  // namespace shopdesk::channels::email
