#pragma once

// What "sanitized" must mean for HTML that SanitizeHtml returned, checked two ways:
//  1. the text as serialized: every '<' starts a well-formed, properly nested tag of an
//     allowed element; attribute names are allowed ones (never on*, style, srcdoc);
//     every '&' starts one of the five escapes the serializer writes; no "<script",
//     "<style", "<iframe", ... anywhere;
//  2. the text re-parsed by gumbo, as a browser would parse it (catches markup that
//     mutates into something else on a second parse): only allowed HTML-namespace
//     elements (plus the html/head/body the parser adds) and allowed attributes.
// In both, href (on <a> only) has the scheme http, https, mailto or tel, img src has
// cid (or http/https when `remote_images_blocked` is false), data-blocked-src has
// http/https, and no URL attribute starts with "javascript:", "vbscript:" or "data:"
// once entities, blanks and control characters are removed. Every <a> carries
// rel="noopener noreferrer" and target="_blank". Failures go through FUZZ_CHECK.
//
// The allowed elements and attributes are those html_sanitizer.h documents; the
// lists below are written from that contract, not shared with the sanitizer.

#include <string_view>

namespace shopdesk::fuzz {

void CheckSanitizedHtml(std::string_view html, bool remote_images_blocked);

}  // namespace shopdesk::fuzz
