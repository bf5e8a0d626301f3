#pragma once

#include <string>
#include <string_view>

namespace shopdesk {

// A file name safe to store, send and offer for download, whoever supplied it (a
// mail's header, an agent's browser): the last path component only, no control
// characters, no leading dots or spaces, at most 200 bytes with the extension kept and
// no UTF-8 character cut. May be empty; the caller picks a default.
std::string SafeFilename(std::string name);

// A media type as "type/subtype" in lower case, or application/octet-stream when
// `type` is not one (empty, parameters, spaces, anything outside RFC 2045 tokens).
std::string SafeContentType(std::string_view type);

}  // namespace shopdesk
