// Structured MIME header values (Content-Type, Content-Disposition) with RFC 2231
// parameters: the attachment names and charsets of every mail.

#include <string>

#include "channels/email/header_params.h"
#include "fuzz_check.h"
#include "invariants.h"
#include "targets.h"

namespace shopdesk::fuzz {

void FuzzHeaderParams(std::string_view data) {
  const auto header = channels::email::ParseParamHeader(data);
  FUZZ_CHECK(!HasUpperAscii(header.value));
  FUZZ_CHECK(!HasOuterBlank(header.value));
  for (const auto& [name, value] : header.params) {
    FUZZ_CHECK(!name.empty());
    FUZZ_CHECK(!HasUpperAscii(name));
    FUZZ_CHECK(name.find_first_of(" \";*=") == std::string::npos);
    FUZZ_CHECK(IsWellFormedUtf8(value));
    FUZZ_CHECK(!HasControlChar(value));
  }
  const auto again = channels::email::ParseParamHeader(data);
  FUZZ_CHECK(again.value == header.value && again.params == header.params && again.ok == header.ok);
}

}  // namespace shopdesk::fuzz
