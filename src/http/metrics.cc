#include "http/metrics.h"

#include <cstdio>

namespace shopdesk::http {

Metrics& Metrics::Global() {
  static Metrics metrics;
  return metrics;
}

void Metrics::RecordRequest(int status, double seconds) {
  const size_t cls = status >= 100 && status < 600 ? static_cast<size_t>(status / 100) : 5;
  by_class_[cls].fetch_add(1, std::memory_order_relaxed);
  size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  latency_[bucket].fetch_add(1, std::memory_order_relaxed);
  latency_micros_sum_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6),
                                std::memory_order_relaxed);
}

void Metrics::CountIngested(bool duplicate) {
  (duplicate ? duplicates_ : ingested_).fetch_add(1, std::memory_order_relaxed);
}

void Metrics::CountReplyQueued() { replies_.fetch_add(1, std::memory_order_relaxed); }

std::string Metrics::Render() const {
  std::string out;
  char line[512];
  out +=
      "# HELP http_requests_total HTTP requests by status class.\n# TYPE http_requests_total "
      "counter\n";
  for (size_t cls = 1; cls < by_class_.size(); ++cls) {
    std::snprintf(line, sizeof line, "http_requests_total{code=\"%zuxx\"} %llu\n", cls,
                  static_cast<unsigned long long>(by_class_[cls].load()));
    out += line;
  }
  out +=
      "# HELP http_request_duration_seconds Time to answer a request.\n"
      "# TYPE http_request_duration_seconds histogram\n";
  std::uint64_t cumulative = 0;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += latency_[i].load();
    std::snprintf(line, sizeof line, "http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                  kBuckets[i], static_cast<unsigned long long>(cumulative));
    out += line;
  }
  cumulative += latency_[kBuckets.size()].load();
  std::snprintf(
      line, sizeof line,
      "http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n"
      "http_request_duration_seconds_sum %.6f\nhttp_request_duration_seconds_count %llu\n",
      static_cast<unsigned long long>(cumulative), latency_micros_sum_.load() / 1e6,
      static_cast<unsigned long long>(cumulative));
  out += line;
  std::snprintf(
      line, sizeof line,
      "# TYPE shopdesk_messages_ingested_total counter\nshopdesk_messages_ingested_total %llu\n"
      "# TYPE shopdesk_duplicates_total counter\nshopdesk_duplicates_total %llu\n"
      "# TYPE shopdesk_replies_queued_total counter\nshopdesk_replies_queued_total %llu\n",
      static_cast<unsigned long long>(ingested_.load()),
      static_cast<unsigned long long>(duplicates_.load()),
      static_cast<unsigned long long>(replies_.load()));
  out += line;
  return out;
}

}  // namespace shopdesk::http
