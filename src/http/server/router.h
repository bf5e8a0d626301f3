#pragma once

// Routes requests to handlers by method and path pattern. Usage:
//
//   Router router;
//   router.Add("GET", "/api/v1/conversations/{id}", [&](Request& req) {
//     auto id = PathInt(req, "id");                     // 400 for "abc"
//     if (!id) return Response::Error(id.error());
//     auto conversation = service.Get(*id);
//     if (!conversation) return Response::Error(conversation.error());
//     return Response::Json(200, ConversationJson(*conversation));
//   });
//   Response response = router.Dispatch(request);     // what the server does

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/server/request.h"
#include "http/server/response.h"

namespace shopdesk::http {

// Runs on a server thread; may block (database calls). Should answer errors with
// Response::Error; an exception escaping it becomes a logged 500 (see Dispatch).
using Handler = std::function<Response(Request&)>;

// Answers a request whose path no route matches, or returns nullopt to leave it to the
// router's 404. Runs on a server thread like a Handler.
using Fallback = std::function<std::optional<Response>(Request&)>;

// Thread-safety: Add before the server starts; after that Dispatch and Routes may be
// called from any number of threads at once.
class Router {
 public:
  // Registers `handler` for `method` (e.g. "GET"; compared exactly) and `pattern`, an
  // absolute path of literal segments and {name} parameters:
  // "/api/v1/conversations/{id}/replies". A parameter matches one non-empty path
  // segment (already percent-decoded) and is stored in request.path_params[name].
  // When several patterns match a path, the one with a literal segment where the
  // others have a parameter wins, leftmost first ("/users/me" beats "/users/{id}"
  // whatever the registration order).
  // REQUIRES: `pattern` starts with '/', its parameters are "{name}" with unique
  // names, and no route with the same method and the same shape exists (e.g. GET
  // "/a/{x}" after GET "/a/{id}"). Breaking these is a bug and aborts at start-up.
  void Add(std::string method, std::string pattern, Handler handler);

  // Sets the handler for requests whose path matches no route at all (any method), in
  // place of the 404: the web UI's files and its client-side routes (/inbox) are served
  // this way, so every route added with Add wins over it. A path that some route
  // matches with another method is still answered 405. Not listed by Routes().
  // REQUIRES: called before the server starts, like Add.
  void SetFallback(Fallback fallback) { fallback_ = std::move(fallback); }

  // Runs the handler matching request.method and request.path after filling
  // request.path_params; HEAD runs the GET handler when no HEAD route is more
  // specific (the server then sends the headers only). Never throws. Unknown path: the
  // fallback's answer (SetFallback), else 404 not_found JSON. Known path but no route for the
  // method: 405 method_not_allowed JSON with an Allow header. A handler throwing std::exception (or
  // anything) is logged and answered 500 internal JSON, without the exception text.
  Response Dispatch(Request& request) const;

  // Every registered (method, pattern), in registration order, e.g. to compare with
  // docs/api/openapi.yaml.
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  struct Segment {
    std::string text;  // literal text, or the parameter name
    bool param = false;
  };
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<Segment> segments;
    Handler handler;
  };
  // True when `path` matches; fills request->path_params when `request` is set.
  static bool Match(const Route& route, std::string_view path, Request* request);

  std::vector<Route> routes_;         // registration order
  std::vector<std::size_t> by_rank_;  // indexes into routes_, most specific first
  Fallback fallback_;                 // may be empty
};

}  // namespace shopdesk::http
