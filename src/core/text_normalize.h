#pragma once

#include <string>
#include <string_view>

namespace shopdesk {

// Unicode NFKC of UTF-8 text: full-width Latin letters, digits and punctuation become
// ASCII (Ｒｅ： -> Re:, ２５０ -> 250), half-width katakana become full-width.
// Invalid UTF-8 sequences become U+FFFD.
std::string NormalizeNfkc(std::string_view utf8);

// NFKC followed by Unicode case folding (for case-insensitive comparison keys).
std::string FoldForMatching(std::string_view utf8);

}  // namespace shopdesk
