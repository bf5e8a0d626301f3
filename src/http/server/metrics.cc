#include "http/server/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>

#include "core/result.h"

namespace shopdesk::http {
namespace {

enum class Type { kCounter, kGauge, kHistogram };

constexpr std::string_view TypeName(Type type) {
  return type == Type::kCounter ? "counter" : type == Type::kGauge ? "gauge" : "histogram";
}

bool ValidName(std::string_view name, bool allow_colon) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                    (allow_colon && c == ':') || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// Escapes a label value (backslash, quote, newline) or HELP text (backslash, newline).
void AppendEscaped(std::string& out, std::string_view text, bool quote) {
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (quote && c == '"') {
      out += "\\\"";
    } else {
      out.push_back(c);
    }
  }
}

template <typename T>
void AppendNumber(std::string& out, T value) {
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, result.ptr);
}

void AppendDouble(std::string& out, double value) {
  if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else if (std::isnan(value)) {
    out += "NaN";
  } else {
    AppendNumber(out, value);  // the shortest form that reads back exactly
  }
}

struct Series {
  std::string labels_text;  // a="b",c="d" (sorted by name, escaped), no braces
  MetricLabels labels;
  Counter counter;
  Gauge gauge;
  std::unique_ptr<Histogram> histogram;
};

struct Family {
  std::string name;
  std::string help;
  Type type;
  std::vector<std::string> label_names;
  std::vector<double> bounds;
  std::vector<std::unique_ptr<Series>> series;
};

// Appends "name<suffix>{labels_text,extra} " (braces only when there are labels).
void AppendSampleName(std::string& out, std::string_view name, std::string_view suffix,
                      const std::string& labels_text, std::string_view extra) {
  out += name;
  out += suffix;
  if (!labels_text.empty() || !extra.empty()) {
    out.push_back('{');
    out += labels_text;
    if (!labels_text.empty() && !extra.empty()) out.push_back(',');
    out += extra;
    out.push_back('}');
  }
  out.push_back(' ');
}

void RenderHistogram(std::string& out, const Family& family, const Series& s) {
  const auto counts = s.histogram->BucketCounts();
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    cumulative += counts[i];
    std::string le = "le=\"";
    if (i < family.bounds.size()) {
      AppendDouble(le, family.bounds[i]);
    } else {
      le += "+Inf";
    }
    le.push_back('"');
    AppendSampleName(out, family.name, "_bucket", s.labels_text, le);
    AppendNumber(out, cumulative);
    out.push_back('\n');
  }
  AppendSampleName(out, family.name, "_sum", s.labels_text, "");
  AppendDouble(out, s.histogram->Sum());
  out.push_back('\n');
  AppendSampleName(out, family.name, "_count", s.labels_text, "");
  AppendNumber(out, cumulative);
  out.push_back('\n');
}

}  // namespace

struct Metrics::Registry {
  mutable std::mutex mu;
  std::vector<std::unique_ptr<Family>> families;

  Series& Get(std::string_view name, std::string_view help, Type type, MetricLabels labels,
              std::vector<double> bounds) {
    SHOPDESK_CHECK(ValidName(name, true));
    std::sort(labels.begin(), labels.end());
    std::vector<std::string> label_names;
    for (const auto& [label, value] : labels) {
      SHOPDESK_CHECK(ValidName(label, false) && !label.starts_with("__") && label != "le");
      label_names.push_back(label);
    }
    SHOPDESK_CHECK(std::adjacent_find(label_names.begin(), label_names.end()) == label_names.end());
    std::lock_guard lock(mu);
    Family* family = nullptr;
    for (const auto& f : families) {
      if (f->name == name) family = f.get();
    }
    if (!family) {
      families.push_back(std::make_unique<Family>(
          Family{std::string(name), std::string(help), type, label_names, std::move(bounds), {}}));
      family = families.back().get();
    }
    SHOPDESK_CHECK(family->type == type && family->help == help &&
                   family->label_names == label_names);
    for (const auto& s : family->series) {
      if (s->labels == labels) return *s;
    }
    auto series = std::make_unique<Series>();
    for (const auto& [label, value] : labels) {
      if (!series->labels_text.empty()) series->labels_text.push_back(',');
      series->labels_text += label + "=\"";
      AppendEscaped(series->labels_text, value, true);
      series->labels_text.push_back('"');
    }
    series->labels = std::move(labels);
    if (type == Type::kHistogram) series->histogram = std::make_unique<Histogram>(family->bounds);
    family->series.push_back(std::move(series));
    return *family->series.back();
  }
};

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
  for (std::size_t i = 0; i < bounds_.size(); ++i) {
    SHOPDESK_CHECK(std::isfinite(bounds_[i]) && (i == 0 || bounds_[i - 1] < bounds_[i]));
  }
}

void Histogram::Observe(double value) {
  if (std::isnan(value)) return;
  const auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  double sum = sum_.load(std::memory_order_relaxed);
  while (!sum_.compare_exchange_weak(sum, sum + value, std::memory_order_relaxed)) {
  }
}

std::vector<std::uint64_t> Histogram::BucketCounts() const {
  std::vector<std::uint64_t> out(bounds_.size() + 1);
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = counts_[i].load(std::memory_order_relaxed);
  return out;
}

std::vector<double> DefaultLatencyBounds() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Metrics::Metrics() : registry_(std::make_unique<Registry>()) {
  ingested_ = &GetCounter("shopdesk_messages_ingested_total", "Messages stored by ingest.");
  duplicates_ =
      &GetCounter("shopdesk_duplicates_total", "Ingested messages recognised as already stored.");
  replies_ = &GetCounter("shopdesk_replies_queued_total", "Replies queued for sending.");
}

Metrics::~Metrics() = default;

Metrics& Metrics::Global() {
  static Metrics* metrics = new Metrics();  // never destroyed: threads may count until exit
  return *metrics;
}

Counter& Metrics::GetCounter(std::string_view name, std::string_view help, MetricLabels labels) {
  return registry_->Get(name, help, Type::kCounter, std::move(labels), {}).counter;
}

Gauge& Metrics::GetGauge(std::string_view name, std::string_view help, MetricLabels labels) {
  return registry_->Get(name, help, Type::kGauge, std::move(labels), {}).gauge;
}

Histogram& Metrics::GetHistogram(std::string_view name, std::string_view help,
                                 std::vector<double> bounds, MetricLabels labels) {
  return *registry_->Get(name, help, Type::kHistogram, std::move(labels), std::move(bounds))
              .histogram;
}

void Metrics::CountIngested(bool duplicate) { (duplicate ? duplicates_ : ingested_)->Inc(); }

void Metrics::CountReplyQueued() { replies_->Inc(); }

std::string Metrics::Render() const {
  std::string out;
  out.reserve(4096);
  std::lock_guard lock(registry_->mu);
  for (const auto& family : registry_->families) {
    out += "# HELP ";
    out += family->name;
    out.push_back(' ');
    AppendEscaped(out, family->help, false);
    out += "\n# TYPE ";
    out += family->name;
    out.push_back(' ');
    out += TypeName(family->type);
    out.push_back('\n');
    for (const auto& s : family->series) {
      if (family->type == Type::kHistogram) {
        RenderHistogram(out, *family, *s);
        continue;
      }
      AppendSampleName(out, family->name, "", s->labels_text, "");
      if (family->type == Type::kCounter) {
        AppendNumber(out, s->counter.Value());
      } else {
        AppendNumber(out, s->gauge.Value());
      }
      out.push_back('\n');
    }
  }
  return out;
}

HttpMetrics::HttpMetrics(Metrics& registry)
    : registry_(registry),
      duration_(registry.GetHistogram("http_request_duration_seconds",
                                      "Time from a request's header being read to its response "
                                      "being written.",
                                      DefaultLatencyBounds())) {}

void HttpMetrics::Record(std::string_view method, int status, double seconds) {
  std::size_t m = 0;
  while (m + 1 < kMethods.size() && kMethods[m] != method) ++m;
  const int cls = status >= 100 && status <= 599 ? status / 100 : 5;
  auto& slot = requests_[m * 5 + static_cast<std::size_t>(cls - 1)];
  Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    counter = &registry_.GetCounter(
        "http_requests_total", "HTTP requests answered.",
        {{"method", std::string(kMethods[m])}, {"code_class", std::to_string(cls) + "xx"}});
    slot.store(counter, std::memory_order_release);  // racing threads store the same pointer
  }
  counter->Inc();
  duration_.Observe(seconds);
}

}  // namespace shopdesk::http
