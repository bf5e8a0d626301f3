#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shopdesk::channels::email {

// Base64 (RFC 2045). Encode wraps lines at `line_length` with CRLF (0: no wrapping).
// Decode skips characters outside the alphabet and stops at padding, as mail readers
// do with damaged bodies.
std::string Base64Encode(std::string_view bytes, size_t line_length = 76);
std::string Base64Decode(std::string_view text);

// The "Q" encoding of RFC 2047 encoded words: '_' is a space, =XX a byte.
std::string QDecode(std::string_view text);

// Classic uuencode (Content-Transfer-Encoding x-uuencode / uuencode / x-uue): an
// optional "begin <mode> <name>" line (its name goes to `*name`), data lines whose first
// character gives their length, up to "end". Lines cut short (mailers strip trailing
// blanks, which stand for zero bits) are padded; other damage is skipped.
std::string UuDecode(std::string_view text, std::string* name = nullptr);

// One "begin 644 name" ... "end" block found inside a text body.
struct UuBlock {
  std::string name;  // as written on the begin line
  std::string data;  // decoded bytes
};

// Takes the classic inline uuencoded blocks out of a text body: a "begin <3-4 octal
// digits> <name>" line, at least one well-formed data line (only characters 0x20-0x60,
// no longer than its length character allows) and an "end" line. Anything that does
// not have exactly that shape stays text. Returns the blocks in order and sets `*rest`
// to the text without them (other lines byte for byte).
std::vector<UuBlock> ExtractUuBlocks(std::string_view text, std::string* rest);

}  // namespace shopdesk::channels::email
