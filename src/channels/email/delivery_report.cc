#include "channels/email/delivery_report.h"

#include <algorithm>
#include <string>
#include <vector>

#include "channels/email/charset_decoder.h"
#include "channels/email/header_decoder.h"

namespace shopdesk::channels::email {
namespace {

struct Field {
  std::string name;   // lower-case
  std::string value;  // unfolded, trimmed, bytes as in the mail
};
using Block = std::vector<Field>;

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos < text.size();) {
    const size_t nl = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  return lines;
}

bool IsBlankLine(std::string_view line) { return Trim(line).empty(); }

bool IsContinuation(std::string_view line) {
  return !line.empty() && (line[0] == ' ' || line[0] == '\t') && !IsBlankLine(line);
}

// "Name: value" with a field name of printable ASCII (RFC 5322 ftext).
bool ParseFieldLine(std::string_view line, Field* field) {
  const size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 76) return false;
  for (size_t i = 0; i < colon; ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  field->name = Lower(std::string(line.substr(0, colon)));
  field->value = std::string(Trim(line.substr(colon + 1)));
  return true;
}

void Continue(Block& block, std::string_view line) {
  if (block.empty()) return;
  std::string& value = block.back().value;
  if (!value.empty()) value += ' ';
  value += Trim(line);
}

// Blocks of fields separated by blank lines; lines that are no field are skipped.
std::vector<Block> Blocks(std::string_view text) {
  std::vector<Block> blocks(1);
  for (std::string_view line : Lines(text)) {
    if (IsBlankLine(line)) {
      if (!blocks.back().empty()) blocks.emplace_back();
      continue;
    }
    Field field;
    if (IsContinuation(line)) {
      Continue(blocks.back(), line);
    } else if (ParseFieldLine(line, &field)) {
      blocks.back().push_back(std::move(field));
    }
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

const std::string* Find(const Block& block, std::string_view name) {
  for (const Field& f : block) {
    if (f.name == name) return &f.value;
  }
  return nullptr;
}

// Storable text: well-formed UTF-8, no control characters, at most `max` bytes (never
// cutting a character).
std::string Storable(std::string_view raw, size_t max) {
  std::string s = ReplaceInvalidUtf8(raw);
  s.erase(std::remove_if(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }),
          s.end());
  if (s.size() > max) {
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
    s.resize(cut);
  }
  return s;
}

std::string FirstWord(std::string_view value) {
  value = Trim(value);
  return std::string(value.substr(0, std::min(value.find_first_of(" \t;("), value.size())));
}

// "rfc822; <A@B>" -> "a@b".
std::string RecipientAddress(std::string_view value) {
  if (const size_t semi = value.find(';'); semi != std::string_view::npos) {
    value = value.substr(semi + 1);
  }
  value = Trim(value);
  if (value.starts_with('<')) value.remove_prefix(1);
  if (value.ends_with('>')) value.remove_suffix(1);
  return Lower(Storable(Trim(value), 320));
}

// "5.1.1" and the like: class digit, dot, 1-3 digits, dot, 1-3 digits.
bool IsEnhancedStatus(std::string_view s) {
  size_t i = 0;
  auto digits = [&](size_t max) {
    size_t n = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && n < max) ++i, ++n;
    return n > 0;
  };
  if (s.empty() || (s[0] != '2' && s[0] != '4' && s[0] != '5')) return false;
  ++i;
  if (i >= s.size() || s[i++] != '.' || !digits(3)) return false;
  if (i >= s.size() || s[i++] != '.' || !digits(3)) return false;
  return i == s.size();
}

void AddId(DeliveryReport& report, const std::string& id) {
  auto& ids = report.returned_message_ids;
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

bool ReadFields(const Block& fields, DeliveryReport& report) {
  if (fields.empty()) return false;
  if (const std::string* v = Find(fields, "message-id")) {
    const auto ids = ParseMessageIds(*v);
    if (!ids.empty()) AddId(report, ids.front());
  }
  if (const std::string* v = Find(fields, "in-reply-to")) {
    const auto ids = ParseMessageIds(*v);
    if (!ids.empty()) AddId(report, ids.front());
  }
  if (const std::string* v = Find(fields, "references")) {
    const auto ids = ParseMessageIds(*v);
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) AddId(report, *it);
  }
  if (const std::string* v = Find(fields, "subject")) {
    report.returned_subject = Storable(DecodeHeader(*v), 998);
  }
  return true;
}

std::string_view Unquote(std::string_view line) {
  if (!line.starts_with('>')) return line;
  while (line.starts_with('>')) line.remove_prefix(1);
  if (line.starts_with(' ')) line.remove_prefix(1);
  return line;
}

bool IsSeparator(std::string_view line) {
  const std::string l = Lower(std::string(Trim(line)));
  static constexpr std::string_view kPhrases[] = {
      "copy of the message", "original message", "message follows",
      "returned message",    "unsent message",   "original mail",
      "元のメッセージ",      "元のメール",       "元メール",
      "送信されたメール",    "送信したメール",   "オリジナルメッセージ",
      "返送されたメール",    "以下、元"};
  for (std::string_view p : kPhrases) {
    if (l.find(p) != std::string::npos) return true;
  }
  return false;
}

// The header block starting at the first non-blank line from `i`: consecutive field
// lines and continuations up to a blank line or a line that is neither.
Block HeaderBlockAt(const std::vector<std::string_view>& lines, size_t i) {
  while (i < lines.size() && IsBlankLine(Unquote(lines[i]))) ++i;
  Block block;
  for (; i < lines.size(); ++i) {
    const std::string_view line = Unquote(lines[i]);
    Field field;
    if (IsContinuation(line) && !block.empty()) {
      Continue(block, line);
    } else if (ParseFieldLine(line, &field)) {
      block.push_back(std::move(field));
    } else {
      break;
    }
  }
  return block;
}

// qmail names each failed recipient on a line of its own: "<a@b>:".
std::string QmailRecipient(const std::vector<std::string_view>& lines, size_t end) {
  for (size_t i = 0; i < end && i < lines.size(); ++i) {
    const std::string_view l = Trim(lines[i]);
    if (l.size() > 4 && l.front() == '<' && l.ends_with(">:") &&
        l.find_first_of(" \t") == std::string_view::npos && l.find('@') != std::string_view::npos) {
      return RecipientAddress(l.substr(0, l.size() - 1));
    }
  }
  return "";
}

}  // namespace

void ReadDeliveryStatus(std::string_view status_text, DeliveryReport& report) {
  const std::vector<Block> blocks = Blocks(status_text);
  const Block* chosen = nullptr;
  for (const Block& block : blocks) {
    const bool recipient = Find(block, "final-recipient") || Find(block, "original-recipient") ||
                           Find(block, "action");
    if (!recipient) continue;
    const std::string* action = Find(block, "action");
    if (!chosen) chosen = &block;
    if (action && Lower(FirstWord(*action)) == "failed") {
      chosen = &block;
      break;
    }
  }
  if (!chosen) return;
  const std::string* final_rcpt = Find(*chosen, "final-recipient");
  const std::string* original = Find(*chosen, "original-recipient");
  std::string address = final_rcpt ? RecipientAddress(*final_rcpt) : "";
  if (address.empty() && original) address = RecipientAddress(*original);
  if (!address.empty()) report.failed_recipient = address;
  if (const std::string* v = Find(*chosen, "action")) {
    report.action = Lower(Storable(FirstWord(*v), 32));
  }
  if (const std::string* v = Find(*chosen, "status")) {
    const std::string word = FirstWord(*v);
    report.status = Storable(IsEnhancedStatus(word) ? word : std::string(Trim(*v)), 64);
  }
  if (const std::string* v = Find(*chosen, "diagnostic-code")) {
    report.diagnostic = Storable(*v, 2000);
  }
}

bool ReadReturnedHeaders(std::string_view header_block, DeliveryReport& report) {
  const std::vector<Block> blocks = Blocks(header_block);
  return !blocks.empty() && ReadFields(blocks.front(), report);
}

bool ReadQuotedOriginal(std::string_view text, DeliveryReport& report) {
  const std::vector<std::string_view> lines = Lines(text);
  size_t separator = lines.size();
  Block found;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!IsSeparator(Unquote(lines[i]))) continue;
    Block block = HeaderBlockAt(lines, i + 1);
    if (!block.empty()) {
      separator = i;
      found = std::move(block);
      break;
    }
  }
  if (found.empty()) {
    // No known separator: the first run of two or more header lines with a Message-ID.
    for (size_t i = 0; i < lines.size(); ++i) {
      Field field;
      if (!ParseFieldLine(Unquote(lines[i]), &field)) continue;
      Block block = HeaderBlockAt(lines, i);
      if (block.size() >= 2 && Find(block, "message-id")) {
        separator = i;
        found = std::move(block);
        break;
      }
      while (i + 1 < lines.size() && !IsBlankLine(Unquote(lines[i + 1]))) ++i;
    }
  }
  bool any = false;
  if (report.failed_recipient.empty()) {
    report.failed_recipient = QmailRecipient(lines, separator);
    any = !report.failed_recipient.empty();
  }
  const size_t ids_before = report.returned_message_ids.size();
  const bool had_subject = !report.returned_subject.empty();
  ReadFields(found, report);
  return any || report.returned_message_ids.size() > ids_before ||
         (!had_subject && !report.returned_subject.empty());
}

void ReadFailedRecipientsHeader(std::string_view raw_value, DeliveryReport& report) {
  if (!report.failed_recipient.empty()) return;
  report.failed_recipient = ParseMailbox(raw_value).address;
}

}  // namespace shopdesk::channels::email
