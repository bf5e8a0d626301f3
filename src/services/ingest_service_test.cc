#include "services/ingest_service.h"

#include <gtest/gtest.h>

#include "services/conversation_service.h"
#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

class IngestServiceTest : public testing::ServiceFixture {
 protected:
  Result<IngestOutcome> In(const std::string& raw, const Channel* channel = nullptr) {
    IngestService ingest(*db_, clock_);
    return ingest.Ingest(channel ? *channel : channel_, raw);
  }
  Conversation Conv(ConversationId id) {
    auto c = db_->conversations().Find(shop_.id, id);
    EXPECT_TRUE(c) << c.error().ToString();
    return c ? *c : Conversation{};
  }
};

TEST_F(IngestServiceTest, StoresMessageCustomerAndConversationWithRawSource) {
  const std::string raw =
      Mail("山田 太郎 <Taro@Example.jp>", "配送について", "まだ届きません", "m1@x");
  auto r = In(raw);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_TRUE(r->new_conversation);
  EXPECT_FALSE(r->duplicate);
  auto m = db_->messages().Find(shop_.id, r->message_id);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->from_address, "taro@example.jp");
  EXPECT_EQ(m->subject, "配送について");
  EXPECT_NE(m->text.find("まだ届きません"), std::string::npos);
  EXPECT_EQ(m->external_id, "m1@x");
  auto source = db_->blobs().Get(shop_.id, m->raw_sha256);
  ASSERT_TRUE(source);
  EXPECT_EQ(*source, raw);  // verbatim
  const Conversation c = Conv(r->conversation_id);
  EXPECT_EQ(c.status, ConversationStatus::kOpen);
  EXPECT_EQ(c.message_count, 1);
  ASSERT_TRUE(c.due_at.has_value());
  auto customer = db_->customers().Find(shop_.id, c.customer_id);
  ASSERT_TRUE(customer);
  EXPECT_EQ(customer->name, "山田 太郎");
}

TEST_F(IngestServiceTest, SameMessageIdTwiceIsStoredOnce) {
  auto a = In(Mail("a@x.jp", "件名", "本文", "dup@x"));
  auto b = In(Mail("a@x.jp", "件名", "本文 (resent with other bytes)", "dup@x"));
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(b->duplicate);
  EXPECT_EQ(a->message_id, b->message_id);
  EXPECT_EQ(*db_->messages().Count(shop_.id), 1);
}

TEST_F(IngestServiceTest, WithoutMessageIdTheSameBytesAreStoredOnce) {
  const std::string raw = Mail("a@x.jp", "件名", "本文", "");
  auto a = In(raw), b = In(raw);
  auto c = In(Mail("a@x.jp", "件名", "別の本文", ""));
  ASSERT_TRUE(a && b && c);
  EXPECT_TRUE(b->duplicate);
  EXPECT_FALSE(c->duplicate);
  EXPECT_EQ(*db_->messages().Count(shop_.id), 2);
}

TEST_F(IngestServiceTest, InReplyToWinsOverSubject) {
  auto first = In(Mail("a@x.jp", "最初の件名", "本文", "t1@x"));
  auto reply = In(Mail("a@x.jp", "全然違う件名", "続き", "t2@x", "In-Reply-To: <t1@x>\r\n"));
  ASSERT_TRUE(first && reply);
  EXPECT_EQ(first->conversation_id, reply->conversation_id);
  EXPECT_FALSE(reply->new_conversation);
  EXPECT_EQ(Conv(first->conversation_id).message_count, 2);
}

TEST_F(IngestServiceTest, ReferencesThreadWhenInReplyToIsUnknown) {
  auto first = In(Mail("a@x.jp", "A", "本文", "r1@x"));
  auto later = In(Mail("a@x.jp", "B", "続き", "r3@x",
                       "In-Reply-To: <unknown@x>\r\nReferences: <r1@x> <unknown@x>\r\n"));
  ASSERT_TRUE(first && later);
  EXPECT_EQ(first->conversation_id, later->conversation_id);
}

TEST_F(IngestServiceTest, AmazonOrderIdThreadsAcrossSubjects) {
  auto a =
      In(Mail("buyer1@marketplace.amazon.co.jp", "注文 250-1234567-1234567 について", "x", "o1@x"));
  auto b = In(Mail("buyer1@marketplace.amazon.co.jp", "追加の質問",
                   "注文番号250-1234567-1234567です", "o2@x"));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->conversation_id, b->conversation_id);
  EXPECT_EQ(Conv(a->conversation_id).order_id, "250-1234567-1234567");
}

TEST_F(IngestServiceTest, SubjectThreadsForSameCustomerWithinWindowOnly) {
  auto a = In(Mail("a@x.jp", "返品について", "1", "s1@x"));
  clock_.Advance(13 * kMillisPerDay);
  auto b = In(Mail("a@x.jp", "Re: 返品について", "2", "s2@x"));
  clock_.Advance(15 * kMillisPerDay);
  auto c = In(Mail("a@x.jp", "RE: 返品について", "3", "s3@x"));
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->conversation_id, b->conversation_id);
  EXPECT_NE(b->conversation_id, c->conversation_id);
}

TEST_F(IngestServiceTest, TwoCustomersWithTheSameSubjectAreNeverMerged) {
  auto a = In(Mail("a@x.jp", "お問い合わせ", "1", "c1@x"));
  auto b = In(Mail("b@x.jp", "お問い合わせ", "2", "c2@x"));
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->conversation_id, b->conversation_id);
}

TEST_F(IngestServiceTest, ClosedConversationIsNeverJoined) {
  auto a = In(Mail("a@x.jp", "件名", "1", "k1@x"));
  ASSERT_TRUE(a);
  ConversationService triage(*db_, clock_);
  ASSERT_TRUE(triage.ChangeStatus(shop_.id, a->conversation_id, ConversationStatus::kClosed));
  auto b = In(Mail("a@x.jp", "Re: 件名", "2", "k2@x", "In-Reply-To: <k1@x>\r\n"));
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->new_conversation);
  EXPECT_NE(a->conversation_id, b->conversation_id);
}

TEST_F(IngestServiceTest, InboundReopensResolvedConversation) {
  auto a = In(Mail("a@x.jp", "件名", "1", "o1@x"));
  ASSERT_TRUE(a);
  ConversationService triage(*db_, clock_);
  ASSERT_TRUE(triage.ChangeStatus(shop_.id, a->conversation_id, ConversationStatus::kResolved));
  EXPECT_FALSE(Conv(a->conversation_id).due_at.has_value());
  auto b = In(Mail("a@x.jp", "Re: 件名", "まだです", "o2@x", "In-Reply-To: <o1@x>\r\n"));
  ASSERT_TRUE(b);
  const Conversation c = Conv(a->conversation_id);
  EXPECT_EQ(c.status, ConversationStatus::kOpen);
  EXPECT_TRUE(c.due_at.has_value());
}

TEST_F(IngestServiceTest, AutoRepliesDoNotStartTheResponseClock) {
  auto r = In(
      Mail("a@x.jp", "自動応答: 不在", "不在です", "auto@x", "Auto-Submitted: auto-replied\r\n"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(Conv(r->conversation_id).due_at.has_value());
  auto m = db_->messages().Find(shop_.id, r->message_id);
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->flags.auto_submitted);
}

TEST_F(IngestServiceTest, EmptyInputIsRejectedAndNothingStored) {
  auto r = In("");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(*db_->messages().Count(shop_.id), 0);
}

TEST_F(IngestServiceTest, GarbageIsStoredNotDropped) {
  static constexpr char kGarbage[] = "\0\x01\x02\xff\xfe not a mail at all \x1b$B";
  const std::string garbage(kGarbage, sizeof kGarbage - 1);
  auto r = In(garbage);
  ASSERT_TRUE(r) << r.error().ToString();
  auto m = db_->messages().Find(shop_.id, r->message_id);
  ASSERT_TRUE(m);
  EXPECT_EQ(*db_->blobs().Get(shop_.id, m->raw_sha256), garbage);
}

TEST_F(IngestServiceTest, SecondShopSeesNoneOfTheFirstShopsData) {
  auto r = In(Mail("a@x.jp", "件名", "1", "iso@x"));
  ASSERT_TRUE(r);
  EXPECT_EQ(db_->conversations().Find(other_shop_.id, r->conversation_id).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(db_->messages().Find(other_shop_.id, r->message_id).error().code, ErrorCode::kNotFound);
  auto page = db_->conversations().List(other_shop_.id, {});
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->items.empty());
  // The same Message-ID in another shop is that shop's own message, not a duplicate.
  auto other = In(Mail("a@x.jp", "件名", "1", "iso@x"), &other_channel_);
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->duplicate);
  EXPECT_NE(other->conversation_id, r->conversation_id);
}

TEST_F(IngestServiceTest, BatchStoresEveryItemAndReportsEach) {
  IngestService ingest(*db_, clock_);
  auto results = ingest.IngestBatch(
      channel_, {Mail("a@x.jp", "1", "x", "b1@x"), "", Mail("a@x.jp", "2", "y", "b2@x"),
                 Mail("a@x.jp", "1", "x", "b1@x")});
  ASSERT_EQ(results.size(), 4u);
  EXPECT_TRUE(results[0]);
  EXPECT_FALSE(results[1]);
  EXPECT_TRUE(results[2]);
  ASSERT_TRUE(results[3]);
  EXPECT_TRUE(results[3]->duplicate);
  EXPECT_EQ(*db_->messages().Count(shop_.id), 2);
}

}  // namespace
}  // namespace shopdesk::services
