// NormalizeSubject: the threading key of a decoded Subject header.

#include <string>

#include "core/subject_normalizer.h"
#include "fuzz_check.h"
#include "invariants.h"
#include "targets.h"

namespace shopdesk::fuzz {

void FuzzSubjectNormalizer(std::string_view data) {
  const std::string key = NormalizeSubject(data);
  FUZZ_CHECK(IsWellFormedUtf8(key));  // invalid input bytes become U+FFFD
  FUZZ_CHECK(key.find_first_of("\t\r\n") == std::string::npos);
  FUZZ_CHECK(key.find("  ") == std::string::npos);  // whitespace collapsed
  FUZZ_CHECK(!HasOuterBlank(key));
  // A key differs from its subject only in ways the key ignores, so it is its own key.
  FUZZ_CHECK(NormalizeSubject(key) == key);
  if (!IsWellFormedUtf8(data)) return;  // subjects reach us decoded, as UTF-8
  // Reply and forward prefixes, however written, do not change the key.
  for (std::string_view prefix : {"Re: ", "RE:", "Fwd: ", "FW: ", "Re[2]: ", "Re(3): ", "AW: ",
                                  "返信: ", "転送：", "Ｒｅ：", "Re: Fwd: "}) {
    FUZZ_CHECK(NormalizeSubject(std::string(prefix) + std::string(data)) == key);
  }
}

}  // namespace shopdesk::fuzz
