#include "http/router.h"

#include <spdlog/spdlog.h>

namespace shopdesk::http {
namespace {

std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> parts;
  size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto end = slash == std::string::npos ? path.size() : slash;
    parts.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool Match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
           std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const auto& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (path[i].empty()) return false;
      if (params) (*params)[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  auto segments = Split(pattern);
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

Response Router::Dispatch(Request& request) const {
  const auto path = Split(request.path);
  std::string allow;
  for (const auto& route : routes_) {
    if (!Match(route.segments, path, nullptr)) continue;
    if (route.method != request.method) {
      allow += (allow.empty() ? "" : ", ") + route.method;
      continue;
    }
    Match(route.segments, path, &request.path_params);
    try {
      return route.handler(request);
    } catch (const std::exception& e) {
      spdlog::error("{} {} threw: {}", request.method, request.path, e.what());
      return Response::FromError(Error::Internal(e.what()));
    }
  }
  if (!allow.empty()) {
    Response r = Response::FromError(
        Error::InvalidArgument("method " + request.method + " is not allowed here; use " + allow));
    r.status = 405;
    r.headers.emplace_back("Allow", allow);
    return r;
  }
  return Response::FromError(Error::NotFound("route", request.path));
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace shopdesk::http
