// The outbox worker after a crash: an attempt is recorded before its send, so an
// attempt cut short by the node's death is counted, recognized and bounded.
#include "services/workers/outbox_worker.h"

#include <gtest/gtest.h>

#include "services/ingest_service.h"
#include "services/reply_service.h"
#include "testing/fake_channel.h"
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

// The success path, through a channel that records what it was given.
TEST_F(OutboxWorkerTest, AnAcceptedReplyIsMarkedSentWithWhatTheChannelWasGiven) {
  testing::FakeChannel fake;
  const channels::ChannelRegistry registry = fake.Registry();
  OutboxWorker worker(*db_, clock_, OutboxPolicy{}, registry);
  auto run = worker.RunOnce();
  ASSERT_TRUE(run) << run.error().ToString();
  EXPECT_EQ(run->sent, 1);
  const auto sent = fake.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].channel_id, channel_.id);
  const channels::OutboundMessage& out = sent[0].message;
  EXPECT_EQ(out.to_address, "taro@example.jp");
  EXPECT_EQ(out.from_address, "support@sakura.example");
  EXPECT_EQ(out.subject, "Re: 配送について");
  EXPECT_EQ(out.in_reply_to, "q@x.jp");
  EXPECT_EQ(out.message_id, reply_.external_id);
  EXPECT_NE(out.text.find("確認いたします。"), std::string::npos) << out.text;
  auto m = db_->messages().Find(shop_.id, reply_.id);
  EXPECT_EQ(m->delivery, DeliveryState::kSent);
  EXPECT_EQ(m->attempts, 1);
  EXPECT_EQ(*db_->outbox().CountPending(), 0);
  // Sent once: the next rounds find nothing to do.
  clock_.Advance(kMillisPerHour);
  EXPECT_EQ(worker.RunOnce()->handled(), 0);
  EXPECT_EQ(fake.attempts(), 1);
}

TEST_F(OutboxWorkerTest, ARefusalThatMayPassIsRetriedAndOneThatWillNotFailsAtOnce) {
  testing::FakeChannel fake;
  const channels::ChannelRegistry registry = fake.Registry();
  OutboxPolicy policy;
  OutboxWorker worker(*db_, clock_, policy, registry);
  fake.AnswerSendsWith(Error::Unavailable("451 4.3.0 try again later"));
  EXPECT_EQ(worker.RunOnce()->retried, 1);
  auto m = db_->messages().Find(shop_.id, reply_.id);
  EXPECT_EQ(m->delivery, DeliveryState::kQueued);
  EXPECT_NE(m->last_error.find("451"), std::string::npos) << m->last_error;
  EXPECT_EQ(worker.RunOnce()->handled(), 0) << "not before its backoff";
  clock_.Advance(BackoffAfter(1, policy));
  fake.AnswerSendsWith(Error::InvalidArgument("550 5.1.1 no such user"));
  EXPECT_EQ(worker.RunOnce()->failed, 1);
  m = db_->messages().Find(shop_.id, reply_.id);
  EXPECT_EQ(m->delivery, DeliveryState::kFailed);
  EXPECT_NE(m->last_error.find("550"), std::string::npos) << m->last_error;
  EXPECT_TRUE(fake.sent().empty());
  EXPECT_EQ(fake.attempts(), 2);
  EXPECT_EQ(*db_->outbox().CountPending(), 0);
}

}  // namespace
}  // namespace shopdesk::services
