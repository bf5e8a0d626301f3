#include "channels/email/header_decoder.h"

#include <algorithm>

#include "channels/email/charset_decoder.h"
#include "channels/email/transfer_encoding.h"

namespace shopdesk::channels::email {
namespace {

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Parses "=?charset?B|Q?text?=" at `pos`; on success returns the decoded bytes and the
// charset and advances `pos` past it.
bool ParseEncodedWord(const std::string& s, size_t* pos, std::string* bytes, std::string* charset) {
  if (s.compare(*pos, 2, "=?") != 0) return false;
  const size_t q1 = s.find('?', *pos + 2);
  if (q1 == std::string::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
  if (q1 - *pos - 2 > 64) return false;
  const char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(s[q1 + 1])));
  if (encoding != 'B' && encoding != 'Q') return false;
  const size_t end = s.find("?=", q1 + 3);
  if (end == std::string::npos) return false;
  std::string cs = s.substr(*pos + 2, q1 - *pos - 2);
  if (const auto star = cs.find('*'); star != std::string::npos) cs.resize(star);  // RFC 2231 lang
  const std::string_view text(s.data() + q1 + 3, end - q1 - 3);
  *bytes = encoding == 'B' ? Base64Decode(text) : QDecode(text);
  *charset = cs;
  *pos = end + 2;
  return true;
}

bool IsBlank(std::string_view s) { return s.find_first_not_of(' ') == std::string_view::npos; }

// Splits an address list at top-level commas (outside quotes, comments, <> and RFC 2047
// encoded words: "=?UTF-8?Q?Yamada,_Taro?=" is one display name, though a strict
// encoder would have written the comma as =2C).
std::vector<std::string> SplitAddressList(const std::string& s) {
  std::vector<std::string> items;
  std::string current;
  bool quoted = false;
  int comment = 0;
  bool angle = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!quoted && comment == 0 && !angle && c == '=') {
      size_t next = i;
      std::string bytes, charset;
      if (ParseEncodedWord(s, &next, &bytes, &charset)) {
        current.append(s, i, next - i);
        i = next - 1;
        continue;
      }
    }
    if (quoted) {
      if (c == '\\' && i + 1 < s.size()) {
        current.push_back(c);
        current.push_back(s[++i]);
        continue;
      }
      if (c == '"') quoted = false;
    } else if (comment > 0) {
      if (c == '(') ++comment;
      if (c == ')') --comment;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '(') {
      comment = 1;
    } else if (c == '<') {
      angle = true;
    } else if (c == '>') {
      angle = false;
    } else if ((c == ',' || c == ';') && !angle) {
      items.push_back(current);
      current.clear();
      continue;
    } else if (c == ':' && !angle && current.find('@') == std::string::npos) {
      current.clear();  // "group name:" introduces a group
      continue;
    }
    current.push_back(c);
  }
  items.push_back(current);
  return items;
}

std::string Unquote(std::string_view s) {
  std::string out;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '"') {
      quoted = !quoted;
    } else if (s[i] == '\\' && quoted && i + 1 < s.size()) {
      out.push_back(s[++i]);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The system senders RFC 5321 lets appear without a domain ("From: MAILER-DAEMON").
bool IsSystemLocalPart(const std::string& a) { return a == "mailer-daemon" || a == "postmaster"; }

// The position of the last blank outside double quotes, or npos.
size_t LastUnquotedBlank(const std::string& s) {
  size_t last = std::string::npos;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && quoted) {
      ++i;
    } else if (s[i] == '"') {
      quoted = !quoted;
    } else if (s[i] == ' ' && !quoted) {
      last = i;
    }
  }
  return last;
}

bool PlausibleAddress(const std::string& a) {
  if (a.empty() || a.size() > 320) return false;
  // Not UTF-8 (raw 8-bit junk): no mailer can answer it, and PostgreSQL refused the
  // whole mail when it was stored as the customer's e-mail (found by fuzzing).
  if (!IsValidUtf8(a)) return false;
  const auto at = a.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == a.size()) return false;
  return std::none_of(a.begin(), a.end(), [](unsigned char c) {
    return c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',' || c == ';' || c == '"' ||
           c == '(' || c == ')';
  });
}

// One mailbox. `sender`: a bare system name (MAILER-DAEMON, postmaster) counts as an
// address. Raw 8-bit bytes in the display name are read in `charset` first.
Mailbox ParseOne(const std::string& item, std::string_view charset, bool sender) {
  Mailbox box;
  std::string name, address;
  const auto lt = item.rfind('<');
  const auto gt = lt == std::string::npos ? std::string::npos : item.find('>', lt);
  if (lt != std::string::npos && gt != std::string::npos) {
    address = Trim(item.substr(lt + 1, gt - lt - 1));
    if (const auto colon = address.find(':'); colon != std::string::npos && address[0] == '@') {
      address = address.substr(colon + 1);  // obsolete source route "<@relay:a@b>"
    }
    name = Trim(item.substr(0, lt));
  } else {
    // "a@b (Name)" or a bare address.
    std::string rest = item;
    const auto paren = rest.find('(');
    if (paren != std::string::npos) {
      const auto close = rest.rfind(')');
      name =
          rest.substr(paren + 1, close == std::string::npos || close < paren ? std::string::npos
                                                                             : close - paren - 1);
      rest = rest.substr(0, paren);
    }
    rest = Trim(rest);
    // "Taro Yamada taro@example.com": the last word is the address, the rest the name.
    const size_t blank = LastUnquotedBlank(rest);
    if (name.empty() && blank != std::string::npos && rest.find('@', blank) != std::string::npos) {
      name = rest.substr(0, blank);
      rest = rest.substr(blank + 1);
    }
    address = Trim(Unquote(rest));
  }
  address = Lower(address);
  if (!PlausibleAddress(address) && !(sender && IsSystemLocalPart(address))) return box;
  box.address = address;
  box.name = DecodeHeader(Unquote(Trim(name)), nullptr, charset);
  if (box.name == box.address) box.name.clear();
  return box;
}

}  // namespace

std::string UnfoldHeader(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (const char c : raw) {
    if (c == '\r' || c == '\n') continue;  // the following space or tab stays as separator
    out.push_back(c == '\t' ? ' ' : c);
  }
  return out;
}

std::string DecodeHeader(std::string_view raw, bool* ok, std::string_view charset) {
  const std::string s = UnfoldHeader(raw);
  std::string out;
  std::string plain;      // undecoded run between encoded words
  std::string run_bytes;  // consecutive encoded words in one charset are decoded together
  std::string run_charset;
  bool all_ok = true;
  auto flush_run = [&] {
    if (run_bytes.empty()) return;
    DecodedText d = DecodeToUtf8(run_bytes, run_charset);
    all_ok &= d.ok;
    out += d.utf8;
    run_bytes.clear();
  };
  auto flush_plain = [&] {
    if (plain.empty()) return;
    DecodedText d = DecodeToUtf8(plain, charset);
    all_ok &= d.ok;
    out += d.utf8;
    plain.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    std::string bytes, charset;
    size_t next = i;
    if (ParseEncodedWord(s, &next, &bytes, &charset)) {
      if (!run_bytes.empty() && IsBlank(plain)) plain.clear();  // space between two words
      flush_plain();
      if (!run_bytes.empty() && Lower(charset) != Lower(run_charset)) flush_run();
      run_charset = charset;
      run_bytes += bytes;
      i = next;
      continue;
    }
    if (!run_bytes.empty() && s[i] != ' ') {
      flush_run();  // text follows the words: the blanks before it are kept
      flush_plain();
    }
    plain.push_back(s[i]);
    ++i;
  }
  flush_run();
  flush_plain();
  if (ok) *ok = all_ok;
  out.erase(
      std::remove_if(out.begin(), out.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }),
      out.end());
  return Trim(out);
}

namespace {

std::vector<Mailbox> Mailboxes(std::string_view raw, std::string_view charset, bool sender) {
  std::vector<Mailbox> boxes;
  for (const std::string& item : SplitAddressList(UnfoldHeader(raw))) {
    Mailbox box = ParseOne(item, charset, sender);
    if (!box.address.empty()) boxes.push_back(std::move(box));
  }
  return boxes;
}

}  // namespace

std::vector<Mailbox> ParseMailboxList(std::string_view raw, std::string_view charset) {
  return Mailboxes(raw, charset, false);
}

Mailbox ParseMailbox(std::string_view raw, std::string_view charset) {
  auto boxes = Mailboxes(raw, charset, false);
  return boxes.empty() ? Mailbox{} : std::move(boxes.front());
}

Mailbox ParseSender(std::string_view raw, std::string_view charset) {
  auto boxes = Mailboxes(raw, charset, true);
  return boxes.empty() ? Mailbox{} : std::move(boxes.front());
}

std::vector<std::string> ParseMessageIds(std::string_view raw) {
  std::vector<std::string> ids;
  const std::string s = UnfoldHeader(raw);
  size_t pos = 0;
  while ((pos = s.find('<', pos)) != std::string::npos) {
    const auto end = s.find('>', pos);
    if (end == std::string::npos) break;
    // Escaped: raw 8-bit or NUL bytes in an id made PostgreSQL refuse the whole mail
    // ("invalid byte sequence for encoding UTF8"; found by fuzzing).
    std::string id = EscapeNonUtf8(Trim(s.substr(pos + 1, end - pos - 1)));
    if (!id.empty() && id.size() <= 998 && id.find(' ') == std::string::npos) ids.push_back(id);
    pos = end + 1;
  }
  if (ids.empty()) {  // some mailers omit the brackets
    for (size_t b = 0; b < s.size();) {
      const size_t e = std::min(s.find_first_of(" ,", b), s.size());
      std::string bare = EscapeNonUtf8(s.substr(b, e - b));
      if (bare.find('@') != std::string::npos && bare.size() <= 998) ids.push_back(bare);
      b = e + 1;
    }
  }
  return ids;
}

}  // namespace shopdesk::channels::email
