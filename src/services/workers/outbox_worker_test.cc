// The outbox worker after a crash: an attempt is recorded before its send, so an
// attempt cut short by the node's death is counted, recognized and bounded.
#include "services/workers/outbox_worker.h"

#include <gtest/gtest.h>

#include "services/ingest_service.h"
#include "services/reply_service.h"
#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

class OutboxWorkerTest : public testing::ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    IngestService ingest(*db_, clock_);
    auto in =
        ingest.Ingest(channel_, Mail("taro@example.jp", "配送について", "まだです", "q@x.jp"));
    ASSERT_TRUE(in) << in.error().ToString();
    auto reply = ReplyService(*db_, clock_)
                     .Reply(shop_.id, in->conversation_id, owner_.id, {"確認いたします。", "", {}});
    ASSERT_TRUE(reply) << reply.error().ToString();
    reply_ = *reply;
  }

  // What a node does up to the send, and then dies: it claims the job and records
  // its attempt. Returns when the attempt's lease ends.
  Timestamp StartAndDie(const OutboxPolicy& policy) {
    const Timestamp now = clock_.Now();
    auto tx = db_->BeginWrite();
    EXPECT_TRUE(tx);
    auto jobs = db_->outbox().ClaimDue(now, now + policy.lease, 10);
    EXPECT_TRUE(jobs && jobs->size() == 1u);
    EXPECT_TRUE(db_->outbox().StartAttempt(shop_.id, jobs->front().id, now + policy.lease,
                                           now + policy.lease, kInterruptedAttemptNote));
    EXPECT_TRUE((*tx)->Commit());
    return now + policy.lease;
  }

  Message reply_;
};

TEST_F(OutboxWorkerTest, AnInterruptedAttemptIsCountedAndTriedAgainWhenItsLeaseEnds) {
  OutboxPolicy policy;
  OutboxWorker worker(*db_, clock_, policy);  // the channel's SMTP port is closed
  const Timestamp lease_end = StartAndDie(policy);
  EXPECT_EQ(worker.RunOnce()->handled(), 0);  // the dead node's lease still holds
  clock_.Set(lease_end);
  auto run = worker.RunOnce();
  ASSERT_TRUE(run) << run.error().ToString();
  EXPECT_EQ(run->retried, 1);
  auto m = db_->messages().Find(shop_.id, reply_.id);
  EXPECT_EQ(m->delivery, DeliveryState::kQueued);
  EXPECT_EQ(m->attempts, 2);  // the interrupted attempt and this one
  EXPECT_EQ(m->last_error.find("interrupted"), std::string::npos) << m->last_error;
}

TEST_F(OutboxWorkerTest, AReplyWhoseSendingKeepsKillingTheNodeIsGivenUp) {
  OutboxPolicy policy;
  policy.max_attempts = 3;
  OutboxWorker worker(*db_, clock_, policy);
  for (int i = 0; i < policy.max_attempts; ++i) clock_.Set(StartAndDie(policy));
  auto run = worker.RunOnce();
  ASSERT_TRUE(run) << run.error().ToString();
  EXPECT_EQ(run->failed, 1);
  auto m = db_->messages().Find(shop_.id, reply_.id);
  EXPECT_EQ(m->delivery, DeliveryState::kFailed);
  EXPECT_EQ(m->attempts, 3);
  EXPECT_NE(m->last_error.find("gave up after 3 attempts"), std::string::npos) << m->last_error;
  EXPECT_EQ(*db_->outbox().CountPending(), 0);
  // An agent can still queue it again.
  EXPECT_TRUE(ReplyService(*db_, clock_).RetryDelivery(shop_.id, reply_.id));
}

TEST_F(OutboxWorkerTest, FailedAttemptsAreCountedOnce) {
  OutboxPolicy policy;
  policy.max_attempts = 2;
  OutboxWorker worker(*db_, clock_, policy);
  EXPECT_EQ(worker.RunOnce()->retried, 1);
  clock_.Advance(BackoffAfter(1, policy));
  EXPECT_EQ(worker.RunOnce()->failed, 1);  // two failures: attempts are not counted twice
  EXPECT_EQ(db_->messages().Find(shop_.id, reply_.id)->attempts, 2);
}

}  // namespace
}  // namespace shopdesk::services
