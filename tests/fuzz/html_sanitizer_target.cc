// SanitizeHtml (gumbo based) on HTML from a mail body, and the limiter that guards it.

#include <string>

#include "channels/email/html_limiter.h"
#include "channels/email/html_sanitizer.h"
#include "fuzz_check.h"
#include "html_safety.h"
#include "invariants.h"
#include "targets.h"

namespace shopdesk::fuzz {

void FuzzHtmlSanitizer(std::string_view data) {
  using channels::email::SanitizeHtml;

  const auto limited = channels::email::LimitHtmlForParsing(data);
  // The limiter only deletes whole tags: never adds, never changes what it keeps.
  FUZZ_CHECK(limited.html.size() <= data.size());
  FUZZ_CHECK((limited.dropped_tags == 0) == (limited.html == data));

  for (bool block : {true, false}) {
    channels::email::SanitizeOptions options;
    options.block_remote_images = block;
    const auto first = SanitizeHtml(data, options);
    CheckSanitizedHtml(first.html, block);
    FUZZ_CHECK(first.removed_elements >= 0 && first.removed_attributes >= 0);
    FUZZ_CHECK(block || first.blocked_remote_images == 0);
    const auto second = SanitizeHtml(data, options);
    FUZZ_CHECK(second.html == first.html);
    // Sanitized output is safe input: a second pass keeps it safe.
    CheckSanitizedHtml(SanitizeHtml(first.html, options).html, block);
  }
}

}  // namespace shopdesk::fuzz
