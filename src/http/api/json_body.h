#pragma once

// Strict JSON request bodies. A route reads one like this (api.h's WithBody and
// WithIdAndBody run the first three lines for it):
//
//   auto body = ParseJsonObject(req);
//   if (!body) return Response::Error(body.error());
//   JsonFields f(*body, {"body", "html", "status"});   // any other field is an error
//   std::string text = f.RequiredString("body");
//   std::optional<std::string> status = f.OptionalString("status");
//   if (auto ok = f.Finish(); !ok) return Response::Error(ok.error());
//   ... use text and status ...
//
// Readers return a neutral value ("" / 0 / false / nullopt / {}) on a problem and
// remember the first problem; Finish() reports it, so one check after all reads is
// enough. Every error is InvalidArgument (HTTP 400) with a message naming the field.

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>  // not needed here; handlers written against the first version rely on it
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/server/request.h"

namespace shopdesk::http {

// The request body as a JSON object. Errors, all InvalidArgument (400):
//  - Content-Type missing or not JSON ("application/json" or "application/<x>+json",
//    parameters allowed, a charset other than UTF-8 refused). We answer 400 rather
//    than 415: ErrorCode has no such code, clients treat every unusable body alike,
//    and the message says which Content-Type to send. (Requiring it also keeps plain
//    HTML forms, which cannot send application/json, from posting to the API.)
//  - an empty body; text that is not JSON (the message gives the byte offset);
//    invalid UTF-8 anywhere (RFC 8259 requires UTF-8); a name repeated within one
//    object; nesting deeper than 64; a value that is not an object.
Result<nlohmann::json> ParseJsonObject(const Request& request);

// The same checks on `text`, except the Content-Type one.
Result<nlohmann::json> ParseJsonObjectText(std::string_view text);

// The names a JSON object may hold; the strings they view outlive the reader.
using FieldNames = std::vector<std::string_view>;

// Reads the fields of one JSON object strictly. `null` is a wrong type except for the
// Nullable readers. Not thread-safe. REQUIRES: `object` outlives the reader.
class JsonFields {
 public:
  // Records an error at once for the first field not in `allowed`, or when `object`
  // is not an object. `context` prefixes field names in messages, for nested objects:
  // "customer" -> "field 'customer.name' ...".
  JsonFields(const nlohmann::json& object, const FieldNames& allowed,
             std::string_view context = {});
  // The reader keeps a reference: a temporary object would dangle.
  JsonFields(nlohmann::json&& object, const FieldNames& allowed,
             std::string_view context = {}) = delete;

  std::string RequiredString(std::string_view name);
  std::optional<std::string> OptionalString(std::string_view name);
  // nullopt: absent; {nullopt}: null; {value}: a string.
  std::optional<std::optional<std::string>> OptionalNullableString(std::string_view name);

  // Integers (no fraction, no exponent: 1.0 and 1e3 are refused) in [min, max].
  std::int64_t RequiredInt(std::string_view name, std::int64_t min = INT64_MIN,
                           std::int64_t max = INT64_MAX);
  std::optional<std::int64_t> OptionalInt(std::string_view name, std::int64_t min = INT64_MIN,
                                          std::int64_t max = INT64_MAX);
  // nullopt: absent; {nullopt}: null; {value}: an integer.
  std::optional<std::optional<std::int64_t>> OptionalNullableInt(std::string_view name);

  bool RequiredBool(std::string_view name);
  std::optional<bool> OptionalBool(std::string_view name);

  std::vector<std::string> RequiredStringArray(std::string_view name);
  std::optional<std::vector<std::string>> OptionalStringArray(std::string_view name);
  // An array of integers >= 1 (ids), at most `max_items`.
  std::vector<std::int64_t> RequiredIdArray(std::string_view name, std::size_t max_items = 1000);

  // A nested object (read it with another JsonFields), or nullptr when absent or on
  // error. The pointer lives as long as `object`.
  const nlohmann::json* OptionalObject(std::string_view name);
  // An array of any values, at most `max_items` (read each with another JsonFields), or
  // nullptr when absent or on error. The pointer lives as long as `object`.
  const nlohmann::json* OptionalArray(std::string_view name, std::size_t max_items);

  // Any value (the caller checks it), or nullptr when absent.
  const nlohmann::json* OptionalValue(std::string_view name);

  bool Has(std::string_view name) const;

  // Ok, or the first problem met by the constructor or a reader.
  Status Finish() const;

 private:
  // The value of `name`, or nullptr when absent (Fail()s when `required`).
  const nlohmann::json* Find(std::string_view name, bool required);
  void Fail(std::string_view name, std::string_view problem);
  std::optional<std::int64_t> Int(const nlohmann::json& value, std::string_view name,
                                  std::int64_t min, std::int64_t max);
  std::optional<std::vector<std::string>> StringArray(const nlohmann::json& value,
                                                      std::string_view name);

  const nlohmann::json& object_;
  std::string context_;
  std::optional<Error> error_;
};

}  // namespace shopdesk::http
