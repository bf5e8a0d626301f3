#pragma once

// The request handlers see. No Beast types here, so handler files compile fast.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace shopdesk::http {

// Header fields in arrival order. Names keep the case they were sent in; every lookup
// ignores case (RFC 9110). A name sent twice is kept twice; Find returns the first.
// Not thread-safe (a Request belongs to one handler call).
class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  void Add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  // The first value of `name` (any case), or nullptr when absent.
  const std::string* Find(std::string_view name) const;
  bool Has(std::string_view name) const { return Find(name) != nullptr; }

  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }
  std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Field>::const_iterator end() const { return fields_.end(); }
  void reserve(std::size_t n) { fields_.reserve(n); }

 private:
  std::vector<Field> fields_;
};

// An HTTP request as the server hands it to the router.
struct Request {
  std::string method;                              // as sent: "GET", "POST", ...
  std::string path;                                // percent-decoded, without the query
  std::map<std::string, std::string> query;        // decoded; a repeated name: last wins
  Headers headers;                                 // see Headers
  std::map<std::string, std::string> path_params;  // filled by the router: {id} -> "42"
  std::string body;                                // raw bytes, up to the server's limit
  std::string remote_address;                      // peer IP, e.g. "127.0.0.1"

  // The value of header `name` (any case); "" when absent.
  const std::string& Header(std::string_view name) const;
  // The decoded query parameter `name`, or nullptr when absent.
  const std::string* QueryParam(const std::string& name) const;
};

// The path parameter `name` ({name} in the route pattern) as an integer >= 0.
// InvalidArgument naming the parameter when it is missing, not all digits, or > 2^63-1.
Result<std::int64_t> PathInt(const Request& request, const std::string& name);

// The query parameter `name` as an integer in [min, max]: nullopt when absent,
// InvalidArgument naming the parameter when it is not an integer or out of range.
Result<std::optional<std::int64_t>> QueryInt(const Request& request, const std::string& name,
                                             std::int64_t min = INT64_MIN,
                                             std::int64_t max = INT64_MAX);

// Percent-decodes a URL component ('+' is a space in query strings). Malformed escapes
// ("%zz", a trailing "%") are kept literally.
std::string UrlDecode(std::string_view text, bool plus_is_space);
// Splits "a=1&b=%E3%81%82" into decoded pairs; a repeated name: the last value wins.
std::map<std::string, std::string> ParseQuery(std::string_view query);

// ASCII case-insensitive equality (header names, tokens).
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace shopdesk::http
