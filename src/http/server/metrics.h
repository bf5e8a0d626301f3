#pragma once

// A small Prometheus registry: counters, gauges and histograms with a fixed label set
// per series, rendered in the text exposition format 0.0.4 (served at /metrics).
//
// Register a series once (start-up, or a function-local static) and keep the
// reference; updating it is one relaxed atomic operation, lock-free:
//
//   static Counter& sent = Metrics::Global().GetCounter(
//       "shopdesk_mails_sent_total", "Replies handed to SMTP.", {{"channel_kind", "email"}});
//   sent.Inc();
//
// Keep label values to a small fixed set (method, status class, channel kind); never
// ids, paths or e-mail addresses: every distinct label set is a series kept forever.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shopdesk::http {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

// A value that only goes up. Thread-safe, lock-free.
class Counter {
 public:
  void Inc(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

// A value that goes up and down (queue lengths, open connections). Thread-safe.
class Gauge {
 public:
  void Set(std::int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void Add(std::int64_t n) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::int64_t Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

// Counts observations into buckets with fixed upper bounds (le, inclusive), plus
// their sum. Thread-safe, lock-free (the sum is a compare-and-swap loop).
class Histogram {
 public:
  // REQUIRES: `bounds` strictly increasing and finite.
  explicit Histogram(std::vector<double> bounds);
  // NaN is ignored.
  void Observe(double value);

  const std::vector<double>& bounds() const { return bounds_; }
  // Per-bucket counts, not cumulative; the last one is (last bound, +Inf].
  std::vector<std::uint64_t> BucketCounts() const;
  double Sum() const { return sum_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;
  std::atomic<double> sum_{0};
};

// Seconds: 0.5 ms .. 10 s, for request and job durations.
std::vector<double> DefaultLatencyBounds();

// The registry. Get* and Render are thread-safe (they take a mutex: keep them off the
// hot path); the returned references live as long as the registry.
class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // The process-wide registry that /metrics renders. Never destroyed.
  static Metrics& Global();

  // The series `name` + `labels`, created on first use. `help` and the label names
  // must be the same on every call for one name; names must match
  // [a-zA-Z_:][a-zA-Z0-9_:]* (labels [a-zA-Z_][a-zA-Z0-9_]*, not "le", not "__*").
  // A mismatch, or the name of a metric of another type, is a bug and aborts.
  Counter& GetCounter(std::string_view name, std::string_view help, MetricLabels labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, MetricLabels labels = {});
  // Every series of one histogram has the first call's `bounds`.
  Histogram& GetHistogram(std::string_view name, std::string_view help, std::vector<double> bounds,
                          MetricLabels labels = {});

  // Every metric in the text format 0.0.4 (serve it with Content-Type
  // "text/plain; version=0.0.4"), families in registration order, series in creation
  // order, labels sorted by name.
  std::string Render() const;

  // Domain counters used by the API handlers (shopdesk_messages_ingested_total,
  // shopdesk_duplicates_total, shopdesk_replies_queued_total). Lock-free.
  void CountIngested(bool duplicate);
  void CountReplyQueued();

 private:
  struct Registry;
  std::unique_ptr<Registry> registry_;
  Counter* ingested_;
  Counter* duplicates_;
  Counter* replies_;
};

// The server's request metrics:
//   http_requests_total{code_class,method}   e.g. {code_class="2xx",method="GET"}
//   http_request_duration_seconds             histogram, DefaultLatencyBounds()
// Methods outside GET HEAD POST PUT PATCH DELETE OPTIONS count as "other"; statuses
// outside 100..599 as 5xx. Thread-safe; Record is lock-free after the first request
// of each (method, class).
class HttpMetrics {
 public:
  explicit HttpMetrics(Metrics& registry);
  void Record(std::string_view method, int status, double seconds);

 private:
  static constexpr std::array<std::string_view, 8> kMethods{"GET",   "HEAD",   "POST",    "PUT",
                                                            "PATCH", "DELETE", "OPTIONS", "other"};
  Metrics& registry_;
  std::array<std::atomic<Counter*>, kMethods.size() * 5> requests_{};
  Histogram& duration_;
};

}  // namespace shopdesk::http
