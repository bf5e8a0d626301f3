#pragma once

// Requests per remote address in a fixed window, for the routes nobody logs in for
// (signed webhooks, public pages): one address cannot make the server do unbounded
// work before it has shown who it is. Thread-safe.

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/result.h"

namespace shopdesk::http {

class IpRateLimit {
 public:
  // At most `limit` requests per address in each `window`; at most `max_addresses`
  // remembered (the oldest window is forgotten first).
  IpRateLimit(const Clock& clock, int limit, std::chrono::seconds window,
              std::size_t max_addresses = 100'000);

  // Ok and counts the request; RateLimited (reason http.rate_limited, with the
  // seconds to wait) once the address used up its window.
  Status Admit(const std::string& address);

 private:
  struct Window {
    Timestamp start = 0;
    int count = 0;
  };
  const Clock& clock_;
  const int limit_;
  const Timestamp window_ms_;
  const std::size_t max_addresses_;
  std::mutex mu_;
  std::map<std::string, Window> windows_;
};

}  // namespace shopdesk::http
