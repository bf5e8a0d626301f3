// What the HTTP layer reads from a request before any handler logic: the query string
// (ParseQuery / UrlDecode / QueryInt), path parameters (PathInt) and the bearer token.
// Input: "<query string>\n<Authorization value>\n<path parameter>"; missing lines are
// empty.

#include <algorithm>
#include <map>
#include <string>

#include "fuzz_check.h"
#include "http/api/auth.h"
#include "http/server/request.h"
#include "targets.h"

namespace shopdesk::fuzz {
namespace {

// Every byte as %XX: the decoder must give the bytes back exactly.
std::string EncodeAll(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::string EncodeQuery(const std::map<std::string, std::string>& query) {
  std::string out;
  for (const auto& [name, value] : query) {
    if (!out.empty()) out += '&';
    out += EncodeAll(name) + "=" + EncodeAll(value);
  }
  return out;
}

std::string_view NextLine(std::string_view* rest) {
  const auto newline = rest->find('\n');
  const std::string_view line = rest->substr(0, newline);
  rest->remove_prefix(newline == std::string_view::npos ? rest->size() : newline + 1);
  return line;
}

bool IsB64TokenChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("-._~+/=").find(c) != std::string_view::npos;
}

}  // namespace

void FuzzHttpRequest(std::string_view data) {
  std::string_view rest = data;
  const std::string_view query = NextLine(&rest);
  const std::string_view authorization = NextLine(&rest);
  const std::string_view path_param = rest;

  for (bool plus : {false, true}) {
    FUZZ_CHECK(http::UrlDecode(query, plus).size() <= query.size());
    FUZZ_CHECK(http::UrlDecode(EncodeAll(query), plus) == query);
  }
  const auto parsed = http::ParseQuery(query);
  // Written back with every byte escaped, the pairs parse to themselves.
  FUZZ_CHECK(http::ParseQuery(EncodeQuery(parsed)) == parsed);

  http::Request request;
  request.query = parsed;
  for (const auto& [name, value] : parsed) {
    const auto number = http::QueryInt(request, name, -1000, 1000);
    FUZZ_CHECK(!number || (number->has_value() && **number >= -1000 && **number <= 1000));
    FUZZ_CHECK(number || number.error().code == ErrorCode::kInvalidArgument);
  }

  request.path_params["id"] = std::string(path_param);
  const auto id = http::PathInt(request, "id");
  const bool digits =
      !path_param.empty() && path_param.find_first_not_of("0123456789") == std::string_view::npos;
  if (id) FUZZ_CHECK(digits && *id >= 0);
  // Up to 18 digits always fit in an int64.
  if (digits && path_param.size() <= 18) {
    FUZZ_CHECK(id && *id == std::stoll(std::string(path_param)));
  }

  request.headers.Add("Authorization", std::string(authorization));
  const auto token = http::BearerToken(request);
  if (token) {
    FUZZ_CHECK(!token->empty());
    FUZZ_CHECK(std::all_of(token->begin(), token->end(), IsB64TokenChar));
    FUZZ_CHECK(authorization.find(*token) != std::string_view::npos);
    FUZZ_CHECK(http::EqualsIgnoreCase(authorization.substr(0, 6), "bearer"));
  } else {
    FUZZ_CHECK(token.error().code == ErrorCode::kUnauthenticated);
  }
}

}  // namespace shopdesk::fuzz
