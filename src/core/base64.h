#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shopdesk {

// Strict base64 (RFC 4648 section 4) for data a client sends: the standard alphabet,
// padding to a multiple of four, nothing else (no line breaks, no URL alphabet).
// nullopt for anything else, so a truncated or mangled upload is refused rather than
// stored as different bytes. (Mail bodies are decoded leniently elsewhere, as mail
// readers do.)
std::optional<std::string> DecodeBase64Strict(std::string_view text);

// Standard base64 with padding, on one line.
std::string EncodeBase64(std::string_view data);

}  // namespace shopdesk
