#include "core/attachment_name.h"

#include <algorithm>

#include "core/text_normalize.h"

namespace shopdesk {
namespace {

// RFC 2045 token characters.
bool IsTokenChar(unsigned char c) {
  return c > 0x20 && c < 0x7f &&
         std::string_view("()<>@,;:\\\"/[]?=").find(static_cast<char>(c)) == std::string_view::npos;
}

}  // namespace

std::string SafeFilename(std::string name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  name.erase(std::remove_if(name.begin(), name.end(),
                            [](unsigned char c) { return c < 0x20 || c == 0x7f; }),
             name.end());
  const auto b = name.find_first_not_of(" .");
  name = b == std::string::npos ? "" : name.substr(b);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  if (name.size() > 200) {  // keep the extension, never cut inside a UTF-8 character
    const auto dot = name.rfind('.');
    const std::string ext =
        dot != std::string::npos && name.size() - dot <= 10 ? name.substr(dot) : "";
    size_t cut = 200 - ext.size();
    while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xc0) == 0x80) --cut;
    name = name.substr(0, cut) + ext;
  }
  return name;
}

std::string SafeContentType(std::string_view type) {
  // One slash with a token on each side.
  const auto slash = type.find('/');
  const auto is_token = [](std::string_view part) {
    return !part.empty() &&
           std::all_of(part.begin(), part.end(), [](unsigned char c) { return IsTokenChar(c); });
  };
  const bool valid = slash != std::string_view::npos && type.size() <= 127 &&
                     is_token(type.substr(0, slash)) && is_token(type.substr(slash + 1));
  return valid ? AsciiLower(type) : "application/octet-stream";
}

}  // namespace shopdesk
