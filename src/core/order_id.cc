#include "core/order_id.h"

#include <algorithm>

#include "core/text_normalize.h"

namespace shopdesk {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Digits at [pos, pos+n) and nothing else.
bool DigitsAt(std::string_view s, size_t pos, size_t n) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
  }
  return true;
}

// NFKC turns full-width digits into ASCII but leaves U+FF0D and other dashes alone
// in some forms; map the dashes a Japanese IME produces to '-'.
std::string UnifyDashes(std::string_view text) {
  static constexpr std::string_view kDashes[] = {"\xEF\xBC\x8D" /* － */, "\xE2\x80\x90" /* ‐ */,
                                                 "\xE2\x80\x91", "\xE2\x88\x92" /* − */,
                                                 "\xE3\x83\xBC" /* ー */};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    bool replaced = false;
    for (std::string_view dash : kDashes) {
      if (text.substr(i, dash.size()) == dash) {
        out.push_back('-');
        i += dash.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out.push_back(text[i++]);
  }
  return out;
}

}  // namespace

std::vector<std::string> FindAmazonOrderIds(std::string_view text) {
  const std::string s = UnifyDashes(NormalizeNfkc(text));
  std::vector<std::string> ids;
  constexpr size_t kLength = 3 + 1 + 7 + 1 + 7;
  for (size_t i = 0; i + kLength <= s.size(); ++i) {
    if (i > 0 && (IsDigit(s[i - 1]) || s[i - 1] == '-')) continue;
    if (!DigitsAt(s, i, 3) || s[i + 3] != '-' || !DigitsAt(s, i + 4, 7) || s[i + 11] != '-' ||
        !DigitsAt(s, i + 12, 7)) {
      continue;
    }
    const size_t end = i + kLength;
    if (end < s.size() && (IsDigit(s[end]) || s[end] == '-')) continue;
    std::string id = s.substr(i, kLength);
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
    i = end - 1;
  }
  return ids;
}

std::string FindAmazonOrderId(std::string_view subject, std::string_view body) {
  auto ids = FindAmazonOrderIds(subject);
  if (ids.empty()) ids = FindAmazonOrderIds(body);
  return ids.empty() ? std::string() : ids.front();
}

}  // namespace shopdesk
