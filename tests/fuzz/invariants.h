#pragma once

// Properties several fuzz targets check, written independently of the code under test
// (e.g. UTF-8 validity straight from the Unicode standard's table, not through
// charset_decoder), so a bug in that code cannot hide itself.

#include <string_view>

namespace shopdesk::fuzz {

// True when `s` is well-formed UTF-8 per Unicode 15, table 3-7 (no overlong forms,
// surrogates, code points above U+10FFFF or truncated sequences).
bool IsWellFormedUtf8(std::string_view s);

// True when `s` holds a C0 control character or DEL, other than those in `allowed`.
bool HasControlChar(std::string_view s, std::string_view allowed = {});

// True when `s` holds an ASCII upper-case letter.
bool HasUpperAscii(std::string_view s);

// True when `s` starts or ends with a space or a tab.
bool HasOuterBlank(std::string_view s);

// An address ParseMailboxList may return: lower-case, one '@' neither first nor last
// at its last '@', at most 320 bytes, no blanks, controls or <>,;"() characters.
bool IsPlausibleAddress(std::string_view address);

}  // namespace shopdesk::fuzz
