#pragma once

#include <string>
#include <string_view>

namespace shopdesk::channels::email {

struct SanitizeOptions {
  // Move http(s) image sources to data-blocked-src until an agent allows them
  // (remote images tell the sender that, and when, the mail was read).
  bool block_remote_images = true;
};

struct SanitizedHtml {
  std::string html;  // well-formed, escaped; safe to show in a sandboxed frame
  int blocked_remote_images = 0;
  int removed_elements = 0;    // scripts, forms, frames, ... dropped with their content
  int removed_attributes = 0;  // event handlers, styles, unsafe URLs
};

// An allow-list sanitizer built on gumbo's HTML5 parser: only known formatting
// elements and attributes survive; scripts, styles, frames, forms, base/meta/link,
// svg/math and every on* attribute are removed; link targets are limited to http,
// https, mailto and tel (after entity decoding and removal of control characters and
// whitespace, so "jav&#x09;ascript:" is caught); images keep only cid: sources and,
// unless blocked, http(s) ones. Links get rel="noopener noreferrer" target="_blank".
// Thread-safe.
SanitizedHtml SanitizeHtml(std::string_view html, const SanitizeOptions& options = {});

// Readable plain text from HTML: block elements and <br> become line breaks, list
// items start with "・", scripts and styles are dropped, entities decoded, runs of
// blank lines collapsed.
std::string HtmlToText(std::string_view html);

}  // namespace shopdesk::channels::email
