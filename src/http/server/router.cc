#include "http/server/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace shopdesk::http {
namespace {

constexpr std::size_t kMaxPathInMessage = 200;

std::string ForMessage(const std::string& text) {
  return text.size() <= kMaxPathInMessage ? text : text.substr(0, kMaxPathInMessage) + "...";
}

// True when `a` is more specific than `b`: a literal where b has a parameter, at the
// leftmost segment where they differ (a lexicographic order, so a strict weak one;
// patterns of different lengths never match the same path, so their order is moot).
template <typename Segments>
bool MoreSpecific(const Segments& a, const Segments& b) {
  return std::lexicographical_compare(
      a.begin(), a.end(), b.begin(), b.end(),
      [](const auto& x, const auto& y) { return !x.param && y.param; });
}

Response InternalError() {
  return Response::ErrorWithStatus(500, ErrorCodeName(ErrorCode::kInternal),
                                   "an internal error occurred; it has been logged");
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  SHOPDESK_CHECK(!method.empty() && !pattern.empty() && pattern.front() == '/');
  SHOPDESK_CHECK(handler != nullptr);
  std::vector<Segment> segments;
  std::size_t start = 1;
  while (start <= pattern.size()) {
    const auto slash = pattern.find('/', start);
    const auto end = slash == std::string::npos ? pattern.size() : slash;
    std::string text = pattern.substr(start, end - start);
    const bool param = text.size() > 2 && text.front() == '{' && text.back() == '}';
    if (param) {
      text = text.substr(1, text.size() - 2);
      for (const auto& s : segments) SHOPDESK_CHECK(!(s.param && s.text == text));
    }
    SHOPDESK_CHECK(text.find_first_of("{}") == std::string::npos);
    segments.push_back({std::move(text), param});
    start = end + 1;
  }
  for (const auto& route : routes_) {
    if (route.method != method || route.segments.size() != segments.size()) continue;
    bool same_shape = true;
    for (std::size_t i = 0; i < segments.size() && same_shape; ++i) {
      const auto& a = route.segments[i];
      const auto& b = segments[i];
      same_shape = a.param == b.param && (a.param || a.text == b.text);
    }
    if (same_shape) spdlog::critical("route {} {} registered twice", method, pattern);
    SHOPDESK_CHECK(!same_shape);
  }
  routes_.push_back(
      {std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
  // Most specific first; registration order among equals.
  by_rank_.resize(routes_.size());
  for (std::size_t i = 0; i < by_rank_.size(); ++i) by_rank_[i] = i;
  std::stable_sort(by_rank_.begin(), by_rank_.end(), [this](std::size_t a, std::size_t b) {
    return MoreSpecific(routes_[a].segments, routes_[b].segments);
  });
}

bool Router::Match(const Route& route, std::string_view path, Request* request) {
  if (path.empty() || path.front() != '/') return false;
  std::size_t pos = 1;
  for (const auto& segment : route.segments) {
    if (pos > path.size()) return false;
    auto end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view part = path.substr(pos, end - pos);
    if (segment.param) {
      if (part.empty()) return false;
      if (request) request->path_params[segment.text] = std::string(part);
    } else if (part != segment.text) {
      return false;
    }
    pos = end + 1;
  }
  return pos == path.size() + 1;
}

Response Router::Dispatch(Request& request) const {
  std::vector<std::string_view> allow;
  for (const std::size_t index : by_rank_) {
    const Route& route = routes_[index];
    if (!Match(route, request.path, nullptr)) continue;
    // HEAD runs the GET handler (the server sends the headers only) unless a HEAD
    // route exists.
    const bool head_as_get = request.method == "HEAD" && route.method == "GET";
    if (route.method != request.method && !head_as_get) {
      if (std::find(allow.begin(), allow.end(), route.method) == allow.end()) {
        allow.push_back(route.method);
      }
      continue;
    }
    request.path_params.clear();
    Match(route, request.path, &request);
    try {
      return route.handler(request);
    } catch (const std::exception& e) {
      spdlog::error("{} {} ({}) threw: {}", ForMessage(request.method), ForMessage(request.path),
                    route.pattern, e.what());
    } catch (...) {
      spdlog::error("{} {} ({}) threw a non-standard exception", ForMessage(request.method),
                    ForMessage(request.path), route.pattern);
    }
    return InternalError();
  }
  if (!allow.empty()) {
    std::string methods;
    for (std::string_view m : allow) methods += (methods.empty() ? "" : ", ") + std::string(m);
    Response r = Response::ErrorWithStatus(
        405, "method_not_allowed",
        "method " + ForMessage(request.method) + " is not allowed on this path; use " + methods);
    r.SetHeader("Allow", methods);
    return r;
  }
  if (fallback_) {
    request.path_params.clear();
    try {
      if (auto answer = fallback_(request)) return std::move(*answer);
    } catch (const std::exception& e) {
      spdlog::error("{} {} (fallback) threw: {}", ForMessage(request.method),
                    ForMessage(request.path), e.what());
      return InternalError();
    } catch (...) {
      spdlog::error("{} {} (fallback) threw a non-standard exception", ForMessage(request.method),
                    ForMessage(request.path));
      return InternalError();
    }
  }
  return Response::Error(Error::NotFound("path", ForMessage(request.path)));
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const auto& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

}  // namespace shopdesk::http
