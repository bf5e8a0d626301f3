#include "invariants.h"

namespace shopdesk::fuzz {

bool IsWellFormedUtf8(std::string_view s) {
  auto in = [](unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; };
  size_t i = 0;
  while (i < s.size()) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    size_t n = 0;                        // continuation bytes
    unsigned char lo = 0x80, hi = 0xbf;  // range of the first continuation byte
    if (c <= 0x7f) {
      ++i;
      continue;
    } else if (in(c, 0xc2, 0xdf)) {
      n = 1;
    } else if (c == 0xe0) {
      n = 2;
      lo = 0xa0;
    } else if (in(c, 0xe1, 0xec) || in(c, 0xee, 0xef)) {
      n = 2;
    } else if (c == 0xed) {
      n = 2;
      hi = 0x9f;
    } else if (c == 0xf0) {
      n = 3;
      lo = 0x90;
    } else if (in(c, 0xf1, 0xf3)) {
      n = 3;
    } else if (c == 0xf4) {
      n = 3;
      hi = 0x8f;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated at the end
    if (!in(b(1), lo, hi)) return false;
    for (size_t k = 2; k <= n; ++k) {
      if (!in(b(k), 0x80, 0xbf)) return false;
    }
    i += n + 1;
  }
  return true;
}

bool HasControlChar(std::string_view s, std::string_view allowed) {
  for (unsigned char c : s) {
    if ((c < 0x20 || c == 0x7f) && allowed.find(static_cast<char>(c)) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool HasUpperAscii(std::string_view s) {
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') return true;
  }
  return false;
}

bool HasOuterBlank(std::string_view s) {
  if (s.empty()) return false;
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  return blank(s.front()) || blank(s.back());
}

bool IsPlausibleAddress(std::string_view a) {
  if (a.empty() || a.size() > 320 || HasUpperAscii(a)) return false;
  const auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size()) return false;
  for (unsigned char c : a) {
    if (c <= 0x20 || c == 0x7f ||
        std::string_view("<>,;\"()").find(static_cast<char>(c)) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace shopdesk::fuzz
