#include "store/sql/string_map_json.h"

#include <nlohmann/json.hpp>

namespace shopdesk::store::sql {

std::string StringMapToJson(const std::map<std::string, std::string>& map) {
  return nlohmann::json(map).dump();
}

Result<std::map<std::string, std::string>> StringMapFromJson(const std::string& text,
                                                             const std::string& what) {
  auto parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    return Error::Corrupt(what + " is not a JSON object: '" + text.substr(0, 80) + "'");
  }
  std::map<std::string, std::string> map;
  for (const auto& [key, value] : parsed.items()) {
    if (!value.is_string()) {
      return Error::Corrupt(what + " holds a value that is not a string ('" + key + "')");
    }
    map[key] = value.get<std::string>();
  }
  return map;
}

}  // namespace shopdesk::store::sql
