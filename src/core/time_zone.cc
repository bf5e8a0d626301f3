#include "core/time_zone.h"

#include <unicode/timezone.h>

#include <memory>
#include <string>

namespace shopdesk {

bool IsKnownTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  const icu::UnicodeString id = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  // ICU answers any unknown id with the "Etc/Unknown" zone; canonical lookup tells a
  // real IANA id (or link) apart and refuses three-letter guesses like "JST".
  icu::UnicodeString canonical;
  UBool is_system = false;
  UErrorCode status = U_ZERO_ERROR;
  icu::TimeZone::getCanonicalID(id, canonical, is_system, status);
  if (U_FAILURE(status) || !is_system) return false;
  return name.find('/') != std::string_view::npos || name == "UTC" || name == "GMT";
}

}  // namespace shopdesk
