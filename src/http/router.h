#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace shopdesk::http {

using Handler = std::function<Response(Request&)>;

// Maps method + path pattern to handlers. Patterns are literal segments and {name}
// parameters: "/api/v1/conversations/{id}/replies". Register everything before the
// server starts; Dispatch is then thread-safe.
class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);

  // Runs the matching handler. Unknown path: 404 JSON; known path, other method: 405
  // with Allow. A handler that throws becomes a logged 500 JSON error.
  Response Dispatch(Request& request) const;

  // Every (method, pattern) registered, in registration order.
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace shopdesk::http
