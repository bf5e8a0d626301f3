#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace shopdesk::http {

// Process-wide counters rendered in the Prometheus text format at /metrics. The hot
// path (RecordRequest) is lock-free. Thread-safe.
class Metrics {
 public:
  static Metrics& Global();

  // One finished request: its status and how long it took.
  void RecordRequest(int status, double seconds);
  void CountIngested(bool duplicate);
  void CountReplyQueued();

  std::string Render() const;

 private:
  static constexpr std::array<double, 10> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                   0.025,  0.05,  0.1,    0.5,   1.0};
  std::array<std::atomic<std::uint64_t>, 6> by_class_{};  // index = status / 100
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> latency_{};
  std::atomic<std::uint64_t> latency_micros_sum_{0};
  std::atomic<std::uint64_t> ingested_{0}, duplicates_{0}, replies_{0};
};

}  // namespace shopdesk::http
