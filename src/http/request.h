#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace shopdesk::http {

// An HTTP request as handlers see it: no Beast types, so handler files compile fast.
struct Request {
  std::string method;                              // "GET", "POST", ...
  std::string path;                                // decoded path without the query
  std::map<std::string, std::string> query;        // decoded; last value wins
  std::map<std::string, std::string> headers;      // names lower-cased
  std::map<std::string, std::string> path_params;  // filled by the router: {id} -> "42"
  std::string body;
  std::string remote_address;

  // "" when absent. `name` must be lower-case.
  const std::string& Header(const std::string& name) const;
  const std::string* QueryParam(const std::string& name) const;
};

// The integer path parameter `name`; InvalidArgument naming it when not a positive number.
Result<std::int64_t> PathInt(const Request& request, const std::string& name);

// Percent-decodes a URL component ('+' is a space in query strings).
std::string UrlDecode(std::string_view text, bool plus_is_space);
// Splits "a=1&b=%E3%81%82" into decoded pairs.
std::map<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace shopdesk::http
