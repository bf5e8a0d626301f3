#include "http/json_body.h"

namespace shopdesk::http {

Result<nlohmann::json> ParseJsonObject(const Request& request) {
  if (request.body.empty()) return Error::InvalidArgument("the request needs a JSON object body");
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(request.body);
  } catch (const nlohmann::json::parse_error& e) {
    return Error::InvalidArgument("the body is not valid JSON (byte " + std::to_string(e.byte) +
                                  "): " + std::string(e.what()).substr(0, 200));
  }
  if (!body.is_object()) return Error::InvalidArgument("the body must be a JSON object");
  return body;
}

JsonFields::JsonFields(const nlohmann::json& object, std::set<std::string> allowed)
    : object_(object) {
  for (const auto& [key, value] : object.items()) {
    if (!allowed.count(key)) {
      std::string names;
      for (const auto& a : allowed) names += (names.empty() ? "" : ", ") + a;
      Fail("unknown field '" + key + "' (allowed: " + names + ")");
      break;
    }
  }
}

void JsonFields::Fail(std::string message) {
  if (!error_) error_ = Error::InvalidArgument(std::move(message));
}

std::string JsonFields::RequiredString(const std::string& name) {
  if (!object_.contains(name)) {
    Fail("field '" + name + "' is required");
    return "";
  }
  auto value = OptionalString(name);
  return value.value_or("");
}

std::optional<std::string> JsonFields::OptionalString(const std::string& name) {
  auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (!it->is_string()) {
    Fail("field '" + name + "' must be a string");
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<bool> JsonFields::OptionalBool(const std::string& name) {
  auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (!it->is_boolean()) {
    Fail("field '" + name + "' must be true or false");
    return std::nullopt;
  }
  return it->get<bool>();
}

std::optional<std::optional<std::int64_t>> JsonFields::OptionalNullableInt(
    const std::string& name) {
  auto it = object_.find(name);
  if (it == object_.end()) return std::nullopt;
  if (it->is_null()) return std::optional<std::int64_t>();
  if (!it->is_number_integer()) {
    Fail("field '" + name + "' must be an integer or null");
    return std::nullopt;
  }
  return std::optional<std::int64_t>(it->get<std::int64_t>());
}

std::vector<std::string> JsonFields::RequiredStringArray(const std::string& name) {
  auto it = object_.find(name);
  if (it == object_.end()) {
    Fail("field '" + name + "' is required");
    return {};
  }
  if (!it->is_array()) {
    Fail("field '" + name + "' must be an array of strings");
    return {};
  }
  std::vector<std::string> out;
  for (const auto& item : *it) {
    if (!item.is_string()) {
      Fail("field '" + name + "' must be an array of strings");
      return {};
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

Status JsonFields::Finish() const {
  if (error_) return *error_;
  return Ok();
}

}  // namespace shopdesk::http
