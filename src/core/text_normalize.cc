#include "core/text_normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace shopdesk {
namespace {

icu::UnicodeString Nfkc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (U_FAILURE(status)) return text;
  icu::UnicodeString out = nfkc->normalize(text, status);
  return U_FAILURE(status) ? text : out;
}

}  // namespace

std::string NormalizeNfkc(std::string_view utf8) {
  std::string out;
  Nfkc(utf8).toUTF8String(out);
  return out;
}

std::string FoldForMatching(std::string_view utf8) {
  // NFKC_Casefold, not NFKC followed by foldCase: folding can leave text that is not
  // NFKC ("İ" + U+032D folds to "i" U+0307 U+032D, out of canonical order), so a key
  // folded again changed and one subject could get two keys (found by fuzzing).
  // NFKC_Casefold is closed: applied to its own output it changes nothing.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  std::string out;
  if (U_FAILURE(status)) {
    Nfkc(utf8).foldCase().toUTF8String(out);
    return out;
  }
  const icu::UnicodeString folded = nfkc_cf->normalize(text, status);
  (U_FAILURE(status) ? Nfkc(utf8).foldCase() : folded).toUTF8String(out);
  return out;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace shopdesk
