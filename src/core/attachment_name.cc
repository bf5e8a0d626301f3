#include "core/attachment_name.h"

#include <algorithm>
#include <cctype>

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
  const auto slash = type.find('/');
  const bool valid = slash != std::string_view::npos && slash > 0 && slash + 1 < type.size() &&
                     type.size() <= 127 &&
                     std::all_of(type.begin(), type.begin() + slash,
                                 [](unsigned char c) { return IsTokenChar(c); }) &&
                     std::all_of(type.begin() + slash + 1, type.end(),
                                 [](unsigned char c) { return IsTokenChar(c); });
  if (!valid) return "application/octet-stream";
  std::string lower(type);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

}  // namespace shopdesk
