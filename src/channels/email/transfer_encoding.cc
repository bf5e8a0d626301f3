#include "channels/email/transfer_encoding.h"

namespace shopdesk::channels::email {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

int HexValue(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

unsigned UuValue(char c) {
  return static_cast<unsigned>(static_cast<unsigned char>(c) - 0x20) & 63;
}

// The lines of `text` without their line ends, with the offset where each begins and
// the offset just past its line end.
struct Line {
  std::string_view text;
  size_t begin = 0, end = 0;
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  for (size_t pos = 0; pos < text.size();) {
    const size_t nl = text.find('\n', pos);
    const size_t stop = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, stop - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back({line, pos, next});
    pos = next;
  }
  return lines;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "begin 644 name": the name, or nullopt-like empty when the line is no begin line.
bool ParseBeginLine(std::string_view line, std::string* name) {
  if (!line.starts_with("begin ")) return false;
  size_t i = 6;
  size_t digits = 0;
  while (i < line.size() && line[i] >= '0' && line[i] <= '7') ++i, ++digits;
  if (digits < 3 || digits > 4 || i >= line.size() || line[i] != ' ') return false;
  std::string_view n = TrimRight(line.substr(i + 1));
  if (n.empty()) return false;
  *name = std::string(n);
  return true;
}

// A data line as uuencode writes it: the length character, then no more characters
// than that length needs (plus one for the old checksum character).
bool IsUuDataLine(std::string_view line) {
  if (line.empty()) return false;
  for (const char c : line) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x60) return false;
  }
  const size_t n = UuValue(line[0]);
  return line.size() - 1 <= (n + 2) / 3 * 4 + 1;
}

void DecodeUuLine(std::string_view line, std::string& out) {
  const size_t n = UuValue(line[0]);
  size_t produced = 0;
  for (size_t i = 1; produced < n; i += 4) {
    auto at = [&](size_t k) { return k < line.size() ? UuValue(line[k]) : 0u; };
    const unsigned v = (at(i) << 18) | (at(i + 1) << 12) | (at(i + 2) << 6) | at(i + 3);
    for (int shift = 16; shift >= 0 && produced < n; shift -= 8, ++produced) {
      out.push_back(static_cast<char>((v >> shift) & 0xff));
    }
  }
}

}  // namespace

std::string UuDecode(std::string_view text, std::string* name) {
  std::string out;
  bool started = false;
  for (const Line& l : SplitLines(text)) {
    const std::string_view line = TrimRight(l.text);
    if (!started) {
      if (line.empty()) continue;
      started = true;
      std::string begin_name;
      if (ParseBeginLine(line, &begin_name)) {
        if (name) *name = begin_name;
        continue;
      }
    }
    if (line == "end") break;
    if (line.empty() || !IsUuDataLine(line)) continue;
    DecodeUuLine(line, out);
  }
  return out;
}

std::vector<UuBlock> ExtractUuBlocks(std::string_view text, std::string* rest) {
  std::vector<UuBlock> blocks;
  rest->clear();
  const std::vector<Line> lines = SplitLines(text);
  size_t copied = 0;  // offset in `text` up to which `rest` holds the text
  for (size_t i = 0; i < lines.size(); ++i) {
    UuBlock block;
    if (!ParseBeginLine(lines[i].text, &block.name)) continue;
    size_t j = i + 1;
    size_t data_lines = 0;
    while (j < lines.size() && TrimRight(lines[j].text) != "end" &&
           IsUuDataLine(TrimRight(lines[j].text))) {
      DecodeUuLine(TrimRight(lines[j].text), block.data);
      ++data_lines;
      ++j;
    }
    if (j == lines.size() || TrimRight(lines[j].text) != "end" || data_lines == 0) continue;
    rest->append(text.substr(copied, lines[i].begin - copied));
    copied = lines[j].end;
    blocks.push_back(std::move(block));
    i = j;
  }
  rest->append(text.substr(copied));
  return blocks;
}

std::string Base64Encode(std::string_view bytes, size_t line_length) {
  std::string out;
  out.reserve(bytes.size() * 4 / 3 + bytes.size() / 38 + 8);
  size_t line = 0;
  auto put = [&](char c) {
    out.push_back(c);
    if (line_length && ++line == line_length) {
      out += "\r\n";
      line = 0;
    }
  };
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    put(kAlphabet[v >> 18]);
    put(kAlphabet[(v >> 12) & 63]);
    put(kAlphabet[(v >> 6) & 63]);
    put(kAlphabet[v & 63]);
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    const bool two = i + 1 < bytes.size();
    if (two) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    put(kAlphabet[v >> 18]);
    put(kAlphabet[(v >> 12) & 63]);
    put(two ? kAlphabet[(v >> 6) & 63] : '=');
    put('=');
  }
  if (line_length && line != 0) out += "\r\n";
  return out;
}

std::string Base64Decode(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : text) {
    if (c == '=') break;
    const int v = Base64Value(c);
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

std::string QDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '_') {
      out.push_back(' ');
    } else if (c == '=' && i + 2 < text.size() &&
               HexValue(static_cast<unsigned char>(text[i + 1])) >= 0 &&
               HexValue(static_cast<unsigned char>(text[i + 2])) >= 0) {
      out.push_back(static_cast<char>(HexValue(static_cast<unsigned char>(text[i + 1])) * 16 +
                                      HexValue(static_cast<unsigned char>(text[i + 2]))));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace shopdesk::channels::email
