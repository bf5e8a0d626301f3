#include "services/workers/ingest_committer.h"

#include <gtest/gtest.h>

#include <thread>

#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

class IngestCommitterTest : public testing::ServiceFixture {
 protected:
  Result<InboundItem> Prepared(const std::string& raw) {
    return PrepareInboundItem(channel_, IngestOptions{}, InboundShopRules{}, raw);
  }
};

TEST_F(IngestCommitterTest, ManyThreadsShareFewCommitsAndEachLearnsItsOwnResult) {
  constexpr int kThreads = 4, kEach = 50;
  std::vector<std::vector<Result<IngestOutcome>>> results(kThreads);
  std::int64_t batches = 0;
  {
    GroupCommitLimits limits;
    limits.linger = std::chrono::milliseconds(5);
    IngestCommitter committer(*db_, clock_, IngestOptions{}, limits);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          const std::string id = std::to_string(t) + "-" + std::to_string(i);
          auto item = Prepared(Mail("c" + id + "@example.jp", "件名 " + id, "本文", id + "@x"));
          results[t].push_back(committer.Submit(channel_, std::move(item)).get());
        }
      });
    }
    for (auto& thread : threads) thread.join();
    batches = committer.batches();
  }
  for (int t = 0; t < kThreads; ++t) {
    ASSERT_EQ(results[t].size(), static_cast<size_t>(kEach));
    for (const auto& r : results[t]) {
      ASSERT_TRUE(r) << r.error().ToString();
      EXPECT_FALSE(r->duplicate);
      auto m = db_->messages().Find(shop_.id, r->message_id);
      ASSERT_TRUE(m);  // durable when the caller heard of it
    }
  }
  EXPECT_EQ(*db_->messages().Count(shop_.id), kThreads * kEach);
  EXPECT_LT(batches, kThreads * kEach);  // several callers shared a commit
}

TEST_F(IngestCommitterTest, ABadItemIsReportedAndTheRestOfItsBatchStored) {
  std::vector<std::future<Result<IngestOutcome>>> futures;
  {
    IngestCommitter committer(*db_, clock_, IngestOptions{});
    futures.push_back(committer.Submit(channel_, Prepared(Mail("a@x.jp", "1", "本文", "g1@x"))));
    futures.push_back(committer.Submit(channel_, Prepared("")));
    futures.push_back(committer.Submit(channel_, Prepared(Mail("a@x.jp", "1", "本文", "g1@x"))));
    futures.push_back(committer.Submit(
        channel_, Prepared(std::string("From: b@x.jp\r\nSubject: NUL\r\n\r\na\0b", 33))));
  }  // the destructor stores what was submitted
  auto first = futures[0].get(), empty = futures[1].get(), again = futures[2].get(),
       nul = futures[3].get();
  ASSERT_TRUE(first);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->message_id, first->message_id);
  ASSERT_TRUE(nul) << nul.error().ToString();
  EXPECT_EQ(*db_->messages().Count(shop_.id), 2);
}

}  // namespace
}  // namespace shopdesk::services
