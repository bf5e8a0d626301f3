#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/request.h"

namespace shopdesk::http {

// The request body as a JSON object. InvalidArgument for an empty body, bad JSON
// (with the byte position), invalid UTF-8, or a non-object.
Result<nlohmann::json> ParseJsonObject(const Request& request);

// Reads the fields of a JSON object strictly: an unknown field, a missing required
// field or a wrong type is an InvalidArgument naming the field. Usage:
//   JsonFields f(body, {"body", "status"});
//   auto text = f.RequiredString("body");
//   auto status = f.OptionalString("status");
//   SHOPDESK_TRY(f.Finish());   // reports the first problem met
class JsonFields {
 public:
  JsonFields(const nlohmann::json& object, std::set<std::string> allowed);

  std::string RequiredString(const std::string& name);
  std::optional<std::string> OptionalString(const std::string& name);
  std::optional<bool> OptionalBool(const std::string& name);
  // nullopt when absent; {nullopt} when present and null; {value} for an integer.
  std::optional<std::optional<std::int64_t>> OptionalNullableInt(const std::string& name);
  std::vector<std::string> RequiredStringArray(const std::string& name);
  bool Has(const std::string& name) const { return object_.contains(name); }

  Status Finish() const;

 private:
  void Fail(std::string message);

  const nlohmann::json& object_;
  std::optional<Error> error_;
};

}  // namespace shopdesk::http
