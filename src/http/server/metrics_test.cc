#include "http/server/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace shopdesk::http {
namespace {

TEST(MetricsTest, RendersCountersGaugesAndHistograms) {
  Metrics m;
  Counter& sent = m.GetCounter("mails_sent_total", "Mails sent.", {{"kind", "email"}});
  sent.Inc();
  sent.Inc(2);
  EXPECT_EQ(&sent, &m.GetCounter("mails_sent_total", "Mails sent.", {{"kind", "email"}}));
  m.GetCounter("mails_sent_total", "Mails sent.", {{"kind", "say \"hi\"\\\n"}}).Inc();
  m.GetGauge("queue_length", "Jobs waiting.\nOne per reply.").Set(-4);
  Histogram& h = m.GetHistogram("job_seconds", "Job time.", {0.25, 1});
  h.Observe(0.125);
  h.Observe(0.25);  // le is inclusive
  h.Observe(0.5);
  h.Observe(30);
  m.CountIngested(false);
  m.CountIngested(true);
  m.CountReplyQueued();

  const std::string text = m.Render();
  EXPECT_NE(text.find("# HELP mails_sent_total Mails sent.\n# TYPE mails_sent_total counter\n"
                      "mails_sent_total{kind=\"email\"} 3\n"
                      "mails_sent_total{kind=\"say \\\"hi\\\"\\\\\\n\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# HELP queue_length Jobs waiting.\\nOne per reply.\n"
                      "# TYPE queue_length gauge\nqueue_length -4\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE job_seconds histogram\n"
                      "job_seconds_bucket{le=\"0.25\"} 2\n"
                      "job_seconds_bucket{le=\"1\"} 3\n"
                      "job_seconds_bucket{le=\"+Inf\"} 4\n"
                      "job_seconds_sum 30.875\n"
                      "job_seconds_count 4\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("shopdesk_messages_ingested_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("shopdesk_duplicates_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("shopdesk_replies_queued_total 1\n"), std::string::npos);
}

TEST(MetricsTest, HttpMetricsCountByMethodAndClass) {
  Metrics m;
  HttpMetrics http(m);
  http.Record("GET", 200, 0.002);
  http.Record("GET", 204, 0.002);
  http.Record("POST", 404, 0.02);
  http.Record("BREW", 500, 2);
  http.Record("GET", 999, 0);
  const std::string text = m.Render();
  EXPECT_NE(text.find("http_requests_total{code_class=\"2xx\",method=\"GET\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("http_requests_total{code_class=\"4xx\",method=\"POST\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_requests_total{code_class=\"5xx\",method=\"other\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_requests_total{code_class=\"5xx\",method=\"GET\"} 1\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_request_duration_seconds_bucket{le=\"0.0025\"} 3\n"),
            std::string::npos);
  EXPECT_NE(text.find("http_request_duration_seconds_count 5\n"), std::string::npos);
}

TEST(MetricsTest, ConcurrentUpdatesAreNotLost) {
  Metrics m;
  HttpMetrics http(m);
  Counter& c = m.GetCounter("c_total", "C.");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        c.Inc();
        http.Record("GET", 200, 0.5);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(c.Value(), 40000u);
  EXPECT_NE(m.Render().find("http_requests_total{code_class=\"2xx\",method=\"GET\"} 40000\n"),
            std::string::npos);
  EXPECT_NE(m.Render().find("http_request_duration_seconds_sum 20000\n"), std::string::npos);
}

TEST(MetricsDeathTest, MisuseIsABug) {
  Metrics m;
  m.GetCounter("x_total", "X.");
  EXPECT_DEATH(m.GetGauge("x_total", "X."), "");
  EXPECT_DEATH(m.GetCounter("x_total", "X.", {{"a", "b"}}), "");
  EXPECT_DEATH(m.GetCounter("bad name", "X."), "");
  EXPECT_DEATH(m.GetCounter("y_total", "Y.", {{"le", "1"}}), "");
}

}  // namespace
}  // namespace shopdesk::http
