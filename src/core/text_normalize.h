#pragma once

#include <string>
#include <string_view>

namespace shopdesk {

// Unicode NFKC of UTF-8 text: full-width Latin letters, digits and punctuation become
// ASCII (Ｒｅ： -> Re:, ２５０ -> 250), half-width katakana become full-width.
// Invalid UTF-8 sequences become U+FFFD.
std::string NormalizeNfkc(std::string_view utf8);

// Unicode NFKC_Casefold of UTF-8 text, the key for case-insensitive comparison: NFKC
// with full case folding, closed under itself (folding a result again changes
// nothing), and without default-ignorable code points (zero-width space, soft hyphen,
// variation selectors), which never make two texts differ to a reader.
// Invalid UTF-8 sequences become U+FFFD.
std::string FoldForMatching(std::string_view utf8);

// A-Z to a-z, every other byte as it is: e-mail addresses, header and media type names.
std::string AsciiLower(std::string_view text);

}  // namespace shopdesk
