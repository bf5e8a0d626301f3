#include "http/server/ip_rate_limit.h"

#include <algorithm>

namespace shopdesk::http {

IpRateLimit::IpRateLimit(const Clock& clock, int limit, std::chrono::seconds window,
                         std::size_t max_addresses)
    : clock_(clock),
      limit_(limit),
      window_ms_(static_cast<Timestamp>(window.count()) * 1000),
      max_addresses_(max_addresses) {}

Status IpRateLimit::Admit(const std::string& address) {
  const Timestamp now = clock_.Now();
  std::lock_guard lock(mu_);
  if (windows_.size() >= max_addresses_ && !windows_.contains(address)) {
    // Forget every window that has ended; if none has, the oldest one.
    std::erase_if(windows_,
                  [&](const auto& entry) { return now - entry.second.start >= window_ms_; });
    if (windows_.size() >= max_addresses_) {
      windows_.erase(std::min_element(
          windows_.begin(), windows_.end(),
          [](const auto& a, const auto& b) { return a.second.start < b.second.start; }));
    }
  }
  Window& w = windows_[address];
  if (now - w.start >= window_ms_ || now < w.start) w = Window{now, 0};
  if (w.count >= limit_) {
    const Timestamp wait_s = (w.start + window_ms_ - now + 999) / 1000;
    return Error::RateLimited("too many requests from " + address + "; try again in " +
                              std::to_string(wait_s) + " s")
        .WithReason("http.rate_limited", {{"seconds", std::to_string(wait_s)}});
  }
  ++w.count;
  return Ok();
}

}  // namespace shopdesk::http
