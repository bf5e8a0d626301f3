#pragma once

// A map of strings stored as one JSON object in a text column (a channel's settings
// and secrets): written sorted, read back as it was.

#include <map>
#include <string>

#include "core/result.h"

namespace shopdesk::store::sql {

std::string StringMapToJson(const std::map<std::string, std::string>& map);
// Corrupt when the text is not a JSON object of strings (`what` names the column).
Result<std::map<std::string, std::string>> StringMapFromJson(const std::string& text,
                                                             const std::string& what);

}  // namespace shopdesk::store::sql
