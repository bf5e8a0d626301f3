#include "http/api/json_body.h"

#include <cctype>

namespace shopdesk::http {
namespace {

using nlohmann::json;

constexpr int kMaxDepth = 64;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Ok when `content_type` announces JSON in UTF-8.
Status CheckJsonContentType(std::string_view content_type) {
  const std::string value = Lower(content_type);
  const std::string_view view(value);
  const std::string_view media = TrimSpaces(view.substr(0, view.find(';')));
  const bool json_type = media == "application/json" ||
                         (media.starts_with("application/") && media.ends_with("+json"));
  if (!json_type) {
    return Error::InvalidArgument(
        "send the body as JSON with 'Content-Type: application/json' (got " +
        (content_type.empty() ? std::string("no Content-Type")
                              : "'" + std::string(content_type.substr(0, 100)) + "'") +
        ")");
  }
  const auto charset = view.find("charset=");
  if (charset != std::string_view::npos) {
    std::string_view name = view.substr(charset + 8);
    name = TrimSpaces(name.substr(0, name.find(';')));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    if (name != "utf-8" && name != "utf8") {
      return Error::InvalidArgument("JSON bodies must be UTF-8 (charset=utf-8)");
    }
  }
  return Ok();
}

// "[json.exception.parse_error.101] parse error at ..." -> "parse error at ...".
std::string WithoutPrefix(const char* what) {
  std::string_view text(what);
  if (text.starts_with("[json.exception.")) {
    const auto end = text.find("] ");
    if (end != std::string_view::npos) text.remove_prefix(end + 2);
  }
  return std::string(text.substr(0, 300));
}

}  // namespace

Result<json> ParseJsonObjectText(std::string_view text) {
  if (text.empty()) return Error::InvalidArgument("the request needs a JSON object body");
  // nlohmann keeps the last of repeated names silently; a callback sees every key.
  std::vector<std::set<std::string>> keys;  // the names seen, per open object
  std::string duplicate;
  bool too_deep = false;
  const json::parser_callback_t check = [&](int depth, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
        keys.emplace_back();
        too_deep = too_deep || depth >= kMaxDepth;
        break;
      case json::parse_event_t::array_start:
        too_deep = too_deep || depth >= kMaxDepth;
        break;
      case json::parse_event_t::object_end:
        if (!keys.empty()) keys.pop_back();
        break;
      case json::parse_event_t::key:
        if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second &&
            duplicate.empty()) {
          duplicate = parsed.get<std::string>();
        }
        break;
      default:
        break;
    }
    return true;
  };
  json body;
  try {
    body = json::parse(text.begin(), text.end(), check);
  } catch (const json::parse_error& e) {
    return Error::InvalidArgument("the body is not valid JSON (at byte " + std::to_string(e.byte) +
                                  "): " + WithoutPrefix(e.what()));
  } catch (const json::exception& e) {
    return Error::InvalidArgument("the body is not valid JSON: " + WithoutPrefix(e.what()));
  }
  if (too_deep) {
    return Error::InvalidArgument("the JSON body nests deeper than " + std::to_string(kMaxDepth) +
                                  " levels");
  }
  if (!duplicate.empty()) {
    return Error::InvalidArgument("field '" + duplicate.substr(0, 100) +
                                  "' appears twice in one JSON object");
  }
  if (!body.is_object()) return Error::InvalidArgument("the body must be a JSON object");
  return body;
}

Result<json> ParseJsonObject(const Request& request) {
  SHOPDESK_TRY(CheckJsonContentType(request.Header("content-type")));
  return ParseJsonObjectText(request.body);
}

JsonFields::JsonFields(const json& object, const FieldNames& allowed, std::string_view context)
    : object_(object), context_(context) {
  if (!object.is_object()) {
    error_ = Error::InvalidArgument(
        (context_.empty() ? std::string("the body") : "field '" + context_ + "'") +
        " must be a JSON object");
    return;
  }
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (known) continue;
    std::string names;
    for (std::string_view a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
    Fail(key.size() <= 100 ? key : key.substr(0, 100) + "...",
         "is not allowed here (allowed: " + (names.empty() ? "none" : names) + ")");
    break;
  }
}

void JsonFields::Fail(std::string_view name, std::string_view problem) {
  if (error_) return;
  error_ = Error::InvalidArgument("field '" + (context_.empty() ? "" : context_ + ".") +
                                  std::string(name) + "' " + std::string(problem));
}

const json* JsonFields::Find(std::string_view name, bool required) {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(name);
  if (it == object_.end()) {
    if (required) Fail(name, "is required");
    return nullptr;
  }
  return &*it;
}

bool JsonFields::Has(std::string_view name) const {
  return object_.is_object() && object_.contains(name);
}

std::string JsonFields::RequiredString(std::string_view name) {
  const json* value = Find(name, true);
  if (!value) return {};
  if (!value->is_string()) {
    Fail(name, "must be a string");
    return {};
  }
  return value->get<std::string>();
}

std::optional<std::string> JsonFields::OptionalString(std::string_view name) {
  const json* value = Find(name, false);
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    Fail(name, "must be a string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<std::optional<std::string>> JsonFields::OptionalNullableString(
    std::string_view name) {
  const json* value = Find(name, false);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::optional<std::string>();
  if (!value->is_string()) {
    Fail(name, "must be a string or null");
    return std::nullopt;
  }
  return std::optional<std::string>(value->get<std::string>());
}

std::optional<std::int64_t> JsonFields::Int(const json& value, std::string_view name,
                                            std::int64_t min, std::int64_t max) {
  const bool fits = value.is_number_integer() &&
                    !(value.is_number_unsigned() &&
                      value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX));
  if (!fits) {
    Fail(name, "must be an integer");
    return std::nullopt;
  }
  const auto number = value.get<std::int64_t>();
  if (number < min || number > max) {
    Fail(name, min == INT64_MIN ? "must be at most " + std::to_string(max)
               : max == INT64_MAX
                   ? "must be at least " + std::to_string(min)
                   : "must be from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return number;
}

std::int64_t JsonFields::RequiredInt(std::string_view name, std::int64_t min, std::int64_t max) {
  const json* value = Find(name, true);
  if (!value) return 0;
  return Int(*value, name, min, max).value_or(0);
}

std::optional<std::int64_t> JsonFields::OptionalInt(std::string_view name, std::int64_t min,
                                                    std::int64_t max) {
  const json* value = Find(name, false);
  if (!value) return std::nullopt;
  return Int(*value, name, min, max);
}

std::optional<std::optional<std::int64_t>> JsonFields::OptionalNullableInt(std::string_view name) {
  const json* value = Find(name, false);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::optional<std::int64_t>();
  if (!value->is_number_integer()) {
    Fail(name, "must be an integer or null");
    return std::nullopt;
  }
  auto number = Int(*value, name, INT64_MIN, INT64_MAX);
  if (!number) return std::nullopt;
  return number;
}

bool JsonFields::RequiredBool(std::string_view name) {
  if (!Find(name, true)) return false;
  return OptionalBool(name).value_or(false);
}

std::optional<bool> JsonFields::OptionalBool(std::string_view name) {
  const json* value = Find(name, false);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) {
    Fail(name, "must be true or false");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<std::vector<std::string>> JsonFields::StringArray(const json& value,
                                                                std::string_view name) {
  if (!value.is_array()) {
    Fail(name, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(value.size());
  for (const auto& item : value) {
    if (!item.is_string()) {
      Fail(name, "must be an array of strings");
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<std::string> JsonFields::RequiredStringArray(std::string_view name) {
  const json* value = Find(name, true);
  if (!value) return {};
  return StringArray(*value, name).value_or(std::vector<std::string>());
}

std::optional<std::vector<std::string>> JsonFields::OptionalStringArray(std::string_view name) {
  const json* value = Find(name, false);
  if (!value) return std::nullopt;
  return StringArray(*value, name);
}

std::vector<std::int64_t> JsonFields::RequiredIdArray(std::string_view name,
                                                      std::size_t max_items) {
  const json* value = Find(name, true);
  if (!value) return {};
  if (!value->is_array() || value->size() > max_items) {
    Fail(name, "must be an array of at most " + std::to_string(max_items) + " ids");
    return {};
  }
  std::vector<std::int64_t> out;
  for (const auto& item : *value) {
    auto id = Int(item, name, 1, INT64_MAX);
    if (!id) return {};
    out.push_back(*id);
  }
  return out;
}

const json* JsonFields::OptionalObject(std::string_view name) {
  const json* value = Find(name, false);
  if (value && !value->is_object()) {
    Fail(name, "must be a JSON object");
    return nullptr;
  }
  return value;
}

const json* JsonFields::OptionalArray(std::string_view name, std::size_t max_items) {
  const json* value = Find(name, false);
  if (value && !value->is_array()) {
    Fail(name, "must be a JSON array");
    return nullptr;
  }
  if (value && value->size() > max_items) {
    Fail(name, "may hold at most " + std::to_string(max_items) + " items");
    return nullptr;
  }
  return value;
}

const json* JsonFields::OptionalValue(std::string_view name) { return Find(name, false); }

Status JsonFields::Finish() const {
  if (error_) return *error_;
  return Ok();
}

}  // namespace shopdesk::http
