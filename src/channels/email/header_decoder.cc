#include "channels/email/header_decoder.h"

#include <algorithm>

#include "channels/email/charset_decoder.h"
#include "channels/email/transfer_encoding.h"

namespace shopdesk::channels::email {
namespace {

std::string Unfold(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\r' || c == '\n') {
      continue;  // the following space or tab stays as the separator
    }
    out.push_back(c == '\t' ? ' ' : c);
  }
  return out;
}

std::string Trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Parses "=?charset?B|Q?text?=" at `pos`; on success returns the decoded bytes,
// the charset, and advances `pos` past it.
bool ParseEncodedWord(const std::string& s, size_t* pos, std::string* bytes, std::string* charset) {
  if (s.compare(*pos, 2, "=?") != 0) return false;
  const size_t q1 = s.find('?', *pos + 2);
  if (q1 == std::string::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?') return false;
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

}  // namespace

std::string DecodeHeader(std::string_view raw, bool* ok) {
  const std::string s = Unfold(raw);
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
    DecodedText d = DecodeToUtf8(plain, "");
    all_ok &= d.ok;
    out += d.utf8;
    plain.clear();
  };
  size_t i = 0;
  while (i < s.size()) {
    std::string bytes, charset;
    size_t next = i;
    if (ParseEncodedWord(s, &next, &bytes, &charset)) {
      // Whitespace between two encoded words is not part of the text.
      if (!run_bytes.empty() && plain.find_first_not_of(' ') == std::string::npos) plain.clear();
      if (!plain.empty()) {
        flush_run();
        flush_plain();
      }
      if (!run_bytes.empty() && charset != run_charset) flush_run();
      run_charset = charset;
      run_bytes += bytes;
      i = next;
      continue;
    }
    if (!run_bytes.empty() && s[i] != ' ') {
      flush_run();
      flush_plain();
    }
    plain.push_back(s[i]);
    ++i;
  }
  flush_run();
  flush_plain();
  if (ok) *ok = all_ok;
  return Trim(out);
}

Mailbox ParseMailbox(std::string_view raw) {
  Mailbox box;
  const std::string value = Unfold(raw);
  const auto lt = value.rfind('<');
  const auto gt = lt == std::string::npos ? std::string::npos : value.find('>', lt);
  std::string address, name;
  if (lt != std::string::npos && gt != std::string::npos) {
    address = Trim(value.substr(lt + 1, gt - lt - 1));
    name = Trim(value.substr(0, lt));
  } else {
    // "a@b (Name)" or a bare address.
    std::string rest = value;
    const auto paren = rest.find('(');
    if (paren != std::string::npos) {
      const auto close = rest.find(')', paren);
      name = rest.substr(paren + 1,
                         close == std::string::npos ? std::string::npos : close - paren - 1);
      rest = rest.substr(0, paren);
    }
    address = Trim(rest);
    if (const auto comma = address.find(','); comma != std::string::npos) address.resize(comma);
  }
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
    name.erase(std::remove(name.begin(), name.end(), '\\'), name.end());
  }
  if (address.find('@') == std::string::npos || address.find(' ') != std::string::npos) {
    address.clear();
  }
  std::transform(address.begin(), address.end(), address.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  box.address = address;
  box.name = DecodeHeader(name);
  if (box.name == box.address) box.name.clear();
  return box;
}

std::vector<std::string> ParseMessageIds(std::string_view raw) {
  std::vector<std::string> ids;
  const std::string s = Unfold(raw);
  size_t pos = 0;
  while ((pos = s.find('<', pos)) != std::string::npos) {
    const auto end = s.find('>', pos);
    if (end == std::string::npos) break;
    std::string id = Trim(s.substr(pos + 1, end - pos - 1));
    if (!id.empty() && id.size() <= 998 && id.find(' ') == std::string::npos) ids.push_back(id);
    pos = end + 1;
  }
  if (ids.empty()) {  // some mailers omit the brackets
    std::string bare = Trim(s);
    if (!bare.empty() && bare.find(' ') == std::string::npos &&
        bare.find('@') != std::string::npos && bare.size() <= 998) {
      ids.push_back(bare);
    }
  }
  return ids;
}

}  // namespace shopdesk::channels::email
