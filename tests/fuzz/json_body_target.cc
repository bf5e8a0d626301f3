// Strict JSON request bodies: ParseJsonObjectText, then the object read the way
// handlers read it, with JsonFields, and the error answered the way the API answers.

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>

#include "fuzz_check.h"
#include "http/api/json_body.h"
#include "http/server/response.h"
#include "invariants.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

using nlohmann::json;

// Containers nested in `value`, itself included (an empty object has depth 1).
int Depth(const json& value) {
  int deepest = 0;
  if (value.is_structured()) {
    for (const auto& child : value) deepest = std::max(deepest, Depth(child));
    return deepest + 1;
  }
  return 0;
}

void CheckErrorAnswer(const Error& error) {
  FUZZ_CHECK(error.code == ErrorCode::kInvalidArgument);
  FUZZ_CHECK(!error.message.empty());
  const http::Response response = http::Response::Error(error);
  FUZZ_CHECK(response.status == 400);
  // The answer is JSON a client can read, whatever bytes the message quoted.
  FUZZ_CHECK(IsWellFormedUtf8(response.body));
  FUZZ_CHECK(json::accept(response.body));
}

// Reads the first three fields of `object` with the reader their type calls for and
// with a reader of another type, as a handler with wrong expectations would, plus one
// absent field; the readers must return what the object holds, never throw, and report
// a problem exactly when there was one.
void ReadFields(const json& object, int depth) {
  std::vector<std::string> names;
  for (const auto& item : object.items()) {
    if (names.size() == 3) break;
    names.push_back(item.key());
  }
  std::string absent = "absent";
  while (object.contains(absent)) absent += "_";
  while (names.size() < 3) names.push_back(absent);
  // Any field beyond the first three is not allowed and must be reported.
  bool problem = object.size() > 3;
  http::JsonFields fields(object, {names[0], names[1], names[2]}, depth == 0 ? "" : "nested");
  FUZZ_CHECK(!fields.Has(absent));
  FUZZ_CHECK(!fields.OptionalString(absent) && !fields.OptionalInt(absent) &&
             !fields.OptionalBool(absent) && !fields.OptionalStringArray(absent) &&
             !fields.OptionalObject(absent) && !fields.OptionalNullableString(absent) &&
             !fields.OptionalNullableInt(absent));
  for (size_t i = 0; i < 3 && names[i] != absent; ++i) {
    const std::string& name = names[i];
    FUZZ_CHECK(fields.Has(name));
    const json& value = object.at(name);
    if (value.is_string()) {
      FUZZ_CHECK(fields.RequiredString(name) == value.get<std::string>());
      fields.OptionalInt(name);  // wrong type
      problem = true;
    } else if (value.is_boolean()) {
      FUZZ_CHECK(fields.RequiredBool(name) == value.get<bool>());
      fields.OptionalNullableString(name);  // wrong type
      problem = true;
    } else if (value.is_number_integer()) {
      const bool fits = !value.is_number_unsigned() ||
                        value.get<std::uint64_t>() <= static_cast<std::uint64_t>(INT64_MAX);
      const std::int64_t v = fits ? value.get<std::int64_t>() : 0;
      const auto in_range = fields.OptionalInt(name, 0, 1000);
      FUZZ_CHECK(in_range.has_value() == (fits && v >= 0 && v <= 1000));
      FUZZ_CHECK(!in_range || *in_range == v);
      const auto nullable = fields.OptionalNullableInt(name);
      FUZZ_CHECK(nullable.has_value() == fits);
      FUZZ_CHECK(!nullable || *nullable == v);
      problem = problem || !in_range;
    } else if (value.is_null()) {
      const auto nullable = fields.OptionalNullableString(name);
      FUZZ_CHECK(nullable && !*nullable);
      fields.RequiredInt(name);  // null is not an integer
      problem = true;
    } else if (value.is_object()) {
      const json* nested = fields.OptionalObject(name);
      FUZZ_CHECK(nested == &value);
      if (nested && depth < 3) ReadFields(*nested, depth + 1);
    } else {  // arrays and floating-point numbers
      const auto list = fields.OptionalStringArray(name);
      FUZZ_CHECK(!list || (value.is_array() && list->size() == value.size()));
      problem = problem || !list;
      if (value.is_array()) {
        // The id reader takes at most 1000 whole numbers >= 1, and returns them as sent.
        const bool ids_only =
            value.size() <= 1000 && std::all_of(value.begin(), value.end(), [](const json& item) {
              if (!item.is_number_integer()) return false;
              if (item.is_number_unsigned()) {
                const auto u = item.get<std::uint64_t>();
                return u >= 1 && u <= static_cast<std::uint64_t>(INT64_MAX);
              }
              return item.get<std::int64_t>() >= 1;
            });
        const auto ids = fields.RequiredIdArray(name);
        if (ids_only) {
          FUZZ_CHECK(ids.size() == value.size());
          for (size_t k = 0; k < ids.size(); ++k)
            FUZZ_CHECK(ids[k] == value[k].get<std::int64_t>());
        }
        problem = problem || !ids_only;
      }
    }
  }
  const Status finish = fields.Finish();
  FUZZ_CHECK(finish.has_value() == !problem);
  if (!finish) CheckErrorAnswer(finish.error());
}

}  // namespace

void FuzzJsonBody(std::string_view data) {
  auto parsed = http::ParseJsonObjectText(data);
  // A request with the right Content-Type gives the same result.
  http::Request request;
  request.headers.Add("Content-Type", "application/json; charset=utf-8");
  request.body = std::string(data);
  auto again = http::ParseJsonObject(request);
  FUZZ_CHECK(parsed.has_value() == again.has_value());
  if (!parsed) {
    CheckErrorAnswer(parsed.error());
    FUZZ_CHECK(!again && again.error().message == parsed.error().message);
    return;
  }
  FUZZ_CHECK(*parsed == *again);
  const json& object = *parsed;
  FUZZ_CHECK(object.is_object());
  FUZZ_CHECK(Depth(object) <= 64);
  // Accepted text is valid UTF-8, so the object serializes without replacement and
  // reads back as itself.
  std::string text;
  bool serialized = true;
  try {
    text = object.dump();
  } catch (const json::exception&) {
    serialized = false;
  }
  FUZZ_CHECK(serialized);
  auto reparsed = http::ParseJsonObjectText(text);
  FUZZ_CHECK(reparsed && *reparsed == object);
  ReadFields(object, 0);
}

}  // namespace shopdesk::fuzz
