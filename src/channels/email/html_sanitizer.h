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
  std::string html;  // well-formed HTML in UTF-8, escaped; safe to show in a sandboxed frame
  int blocked_remote_images = 0;
  int removed_elements = 0;    // scripts, styles, forms, frames, ... dropped with their content
  int removed_attributes = 0;  // event handlers, styles, unsafe or unknown attributes
};

// An allow-list sanitizer built on gumbo's HTML5 parser; the output is re-serialized
// from gumbo's tree, so it is well-formed and every text and attribute value is escaped.
// - Kept elements: formatting (p, br, div, span, b, i, u, s, strong, em, small, sub,
//   sup, font, center, h1-h6, hr, pre, code, blockquote), lists, tables, a, img.
//   Unknown wrappers (html, body, Outlook's o:p, ...) are replaced by their content.
// - Removed with their content: script, style, iframe/frame, object, embed, applet,
//   form and its controls, base, meta, link, svg, math, template, audio/video, ...
// - Kept attributes: href (a), src/alt/width/height (img), title, colspan/rowspan,
//   align/valign, table spacing, font color/size/face, dir, lang. style and every on*
//   attribute are removed.
// - href: only http, https, mailto and tel, judged after entity decoding, removal of
//   control characters and whitespace, and case folding ("jav&#x09;ascript:" is
//   caught); relative links are removed. Links get rel="noopener noreferrer"
//   target="_blank".
// - img src: cid: is kept (the caller rewrites it to the stored attachment); http(s)
//   is moved to data-blocked-src and counted unless options allow remote images;
//   data:, javascript: and anything else is removed.
// Hostile nesting is bounded first (html_limiter.h). Thread-safe.
SanitizedHtml SanitizeHtml(std::string_view html, const SanitizeOptions& options = {});

}  // namespace shopdesk::channels::email
