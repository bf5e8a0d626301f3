#include "services/reply_service.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "services/conversation_service.h"
#include "services/ingest_service.h"
#include "services/shop_settings.h"
#include "services/workers/outbox_worker.h"
#include "testing/fake_channel.h"
#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

class ReplyServiceTest : public testing::ServiceFixture {
 protected:
  void SetUp() override {
    ServiceFixture::SetUp();
    IngestService ingest(*db_, clock_);
    auto first = ingest.Ingest(channel_, Mail("山田 太郎 <taro@example.jp>", "配送について",
                                              "まだ届きません", "in1@example.jp"));
    ASSERT_TRUE(first) << first.error().ToString();
    auto second = ingest.Ingest(
        channel_, Mail("taro@example.jp", "Re: 配送について", "続報です", "in2@example.jp",
                       "In-Reply-To: <in1@example.jp>\r\nReferences: <in1@example.jp>\r\n"));
    ASSERT_TRUE(second);
    conversation_ = first->conversation_id;
  }
  ConversationId conversation_ = 0;
};

TEST_F(ReplyServiceTest, ReplyIsQueuedWithItsOutboxJobAndThreadHeaders) {
  ReplyService replies(*db_, clock_);
  auto m =
      replies.Reply(shop_.id, conversation_, owner_.id, {"ご連絡ありがとうございます。", "", {}});
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->delivery, DeliveryState::kQueued);
  EXPECT_EQ(m->direction, Direction::kOutbound);
  EXPECT_EQ(m->to_address, "taro@example.jp");
  EXPECT_EQ(m->from_address, "support@sakura.example");
  EXPECT_EQ(m->subject, "Re: 配送について");
  EXPECT_EQ(m->in_reply_to, "in2@example.jp");
  EXPECT_EQ(m->references, (std::vector<std::string>{"in1@example.jp", "in2@example.jp"}));
  EXPECT_TRUE(m->external_id.ends_with("@sakura.example"));
  EXPECT_EQ(*db_->outbox().CountPending(), 1);
  auto c = db_->conversations().Find(shop_.id, conversation_);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->due_at.has_value());  // queued is not answered: delivered will be
}

// The channel, not the service, says how a reply is addressed and threaded.
TEST_F(ReplyServiceTest, AReplyIsAddressedAndThreadedAsItsChannelSays) {
  testing::FakeChannel fake;
  std::string seen_subject, seen_from;
  fake.AddressRepliesWith([&](const Channel&, const channels::ReplyContext& context) {
    seen_subject = context.conversation_subject;
    seen_from = context.last_inbound ? context.last_inbound->from_address : "";
    channels::ReplyAddressing a;
    a.to_address = "buyer-7@relay.example";
    a.subject = "[#7] " + context.conversation_subject;
    a.external_id = "fake-reply-1@relay.example";
    a.in_reply_to = "thread-7@relay.example";
    a.references = {"thread-7@relay.example"};
    return a;
  });
  const channels::ChannelRegistry registry = fake.Registry();
  auto reply = ReplyService(*db_, clock_, registry)
                   .Reply(shop_.id, conversation_, owner_.id, {"承知しました。", "", {}});
  ASSERT_TRUE(reply) << reply.error().ToString();
  EXPECT_EQ(seen_subject, "配送について");
  EXPECT_EQ(seen_from, "taro@example.jp");
  EXPECT_EQ(reply->to_address, "buyer-7@relay.example");
  EXPECT_EQ(reply->subject, "[#7] 配送について");
  EXPECT_EQ(reply->external_id, "fake-reply-1@relay.example");
  EXPECT_EQ(reply->in_reply_to, "thread-7@relay.example");
  EXPECT_EQ(reply->delivery, DeliveryState::kQueued);
  // And the outbox hands the channel exactly that.
  ASSERT_EQ(OutboxWorker(*db_, clock_, OutboxPolicy{}, registry).RunOnce()->sent, 1);
  ASSERT_EQ(fake.sent().size(), 1u);
  EXPECT_EQ(fake.sent()[0].message.to_address, "buyer-7@relay.example");
  EXPECT_EQ(fake.sent()[0].message.message_id, "fake-reply-1@relay.example");
  EXPECT_EQ(fake.sent()[0].message.references, std::vector<std::string>{"thread-7@relay.example"});
}

TEST_F(ReplyServiceTest, AnEtsyReplyIsSentByHandAndAnswersWhenMarkedSent) {
  Channel etsy;
  etsy.shop_id = shop_.id;
  etsy.kind = "etsy";
  etsy.name = "etsy";
  etsy.address = "etsy@sakura.example";
  etsy.display_name = "さくら雑貨店";
  auto channel = ShopSettings::CommandLine(*db_, clock_, shop_.id).AddChannel(etsy);
  ASSERT_TRUE(channel) << channel.error().ToString();
  auto in = IngestService(*db_, clock_)
                .Ingest(*channel, Mail("Etsy <transaction@etsy.com>", "Jane sent you a message",
                                       "Is the blue mug in stock?", "etsy1@etsy.com",
                                       "Reply-To: jane@example.com\r\n"));
  ASSERT_TRUE(in) << in.error().ToString();
  const auto pending_before = *db_->outbox().CountPending();
  ReplyService replies(*db_, clock_);
  auto reply = replies.Reply(shop_.id, in->conversation_id, owner_.id, {"Yes, it is.", "", {}});
  ASSERT_TRUE(reply) << reply.error().ToString();
  EXPECT_EQ(reply->delivery, DeliveryState::kManual);
  EXPECT_EQ(*db_->outbox().CountPending(), pending_before);  // nothing for the outbox
  auto clocks = *db_->sla_clocks().ListClocks(shop_.id, in->conversation_id);
  ASSERT_EQ(clocks.size(), 1u);
  EXPECT_TRUE(clocks[0].AwaitingDelivery());

  clock_.Advance(kMillisPerHour);
  auto sent = replies.MarkSent(shop_.id, reply->id, owner_.id);
  ASSERT_TRUE(sent) << sent.error().ToString();
  EXPECT_EQ(sent->delivery, DeliveryState::kSent);
  clocks = *db_->sla_clocks().ListClocks(shop_.id, in->conversation_id);
  EXPECT_EQ(clocks[0].state, SlaClockState::kFulfilled);
  EXPECT_EQ(clocks[0].ended_at, clock_.Now());
  EXPECT_FALSE(db_->conversations().Find(shop_.id, in->conversation_id)->due_at);
  // Once; and never for a mail reply or in another shop.
  EXPECT_EQ(replies.MarkSent(shop_.id, reply->id, owner_.id).error().code, ErrorCode::kConflict);
  auto mail = replies.Reply(shop_.id, conversation_, owner_.id, {"確認いたします。", "", {}});
  ASSERT_TRUE(mail);
  EXPECT_EQ(replies.MarkSent(shop_.id, mail->id, owner_.id).error().code, ErrorCode::kConflict);
  EXPECT_EQ(replies.MarkSent(other_shop_.id, reply->id, owner_.id).error().code,
            ErrorCode::kNotFound);
}

TEST_F(ReplyServiceTest, ReplyCanSetPending) {
  ReplyService replies(*db_, clock_);
  ASSERT_TRUE(replies.Reply(shop_.id, conversation_, owner_.id,
                            {"ご確認ください。", "", ConversationStatus::kPending}));
  EXPECT_EQ(db_->conversations().Find(shop_.id, conversation_)->status,
            ConversationStatus::kPending);
  // The thread says who set it.
  auto activity = db_->conversations().ListActivity(shop_.id, conversation_);
  ASSERT_TRUE(activity);
  ASSERT_EQ(activity->size(), 1u);
  EXPECT_EQ((*activity)[0].kind, "status");
  EXPECT_EQ((*activity)[0].detail, R"({"from":"open","to":"pending"})");
  EXPECT_EQ((*activity)[0].agent_id, owner_.id);
}

TEST_F(ReplyServiceTest, ASavedReplysIntentIsTakenWithTheReplyOnlyWhenThereIsNone) {
  ReplyService replies(*db_, clock_);
  ReplyDraft draft{"発送いたしました。", "", {}};
  draft.intent = " Shipping ";
  ASSERT_TRUE(replies.Reply(shop_.id, conversation_, owner_.id, draft));
  EXPECT_EQ(db_->conversations().Find(shop_.id, conversation_)->intent, "shipping");

  // An intent set on purpose is never overwritten by a later saved reply's.
  draft.intent = "return";
  ASSERT_TRUE(replies.Reply(shop_.id, conversation_, owner_.id, draft));
  EXPECT_EQ(db_->conversations().Find(shop_.id, conversation_)->intent, "shipping");

  draft.intent = "not valid";
  auto bad = replies.Reply(shop_.id, conversation_, owner_.id, draft);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(ReplyServiceTest, RefusesEmptyBodyClosedConversationAndOtherShops) {
  ReplyService replies(*db_, clock_);
  EXPECT_EQ(replies.Reply(shop_.id, conversation_, owner_.id, {" \n", "", {}}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(replies.Reply(other_shop_.id, conversation_, owner_.id, {"x", "", {}}).error().code,
            ErrorCode::kNotFound);
  ConversationService triage(*db_, clock_);
  ASSERT_TRUE(triage.ChangeStatus(shop_.id, conversation_, ConversationStatus::kClosed));
  EXPECT_EQ(replies.Reply(shop_.id, conversation_, owner_.id, {"x", "", {}}).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(*db_->outbox().CountPending(), 0);
}

TEST_F(ReplyServiceTest, NoteIsNeverQueuedAndKeepsTheClock) {
  ReplyService replies(*db_, clock_);
  const auto due_before = db_->conversations().Find(shop_.id, conversation_)->due_at;
  auto note = replies.AddNote(shop_.id, conversation_, owner_.id, "倉庫に確認中");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->direction, Direction::kNote);
  EXPECT_EQ(note->delivery, DeliveryState::kNone);
  EXPECT_EQ(*db_->outbox().CountPending(), 0);
  EXPECT_EQ(db_->conversations().Find(shop_.id, conversation_)->due_at, due_before);
}

TEST(OutboxBackoffTest, DoublesUpToTheCap) {
  OutboxPolicy p;
  EXPECT_EQ(BackoffAfter(1, p), 30 * kMillisPerSecond);
  EXPECT_EQ(BackoffAfter(2, p), 60 * kMillisPerSecond);
  EXPECT_EQ(BackoffAfter(3, p), 120 * kMillisPerSecond);
  EXPECT_EQ(BackoffAfter(30, p), kMillisPerHour);
}

TEST_F(ReplyServiceTest, TransientFailuresRetryWithBackoffThenFailVisibly) {
  ReplyService replies(*db_, clock_);
  auto m = replies.Reply(shop_.id, conversation_, owner_.id, {"返信", "", {}});
  ASSERT_TRUE(m);
  OutboxPolicy policy;
  policy.max_attempts = 3;
  OutboxWorker worker(*db_, clock_, policy);  // the channel's SMTP port is closed

  auto run = worker.RunOnce();
  ASSERT_TRUE(run) << run.error().ToString();
  EXPECT_EQ(run->retried, 1);
  auto after1 = db_->messages().Find(shop_.id, m->id);
  EXPECT_EQ(after1->delivery, DeliveryState::kQueued);
  EXPECT_EQ(after1->attempts, 1);
  EXPECT_FALSE(after1->last_error.empty());
  EXPECT_FALSE(db_->channels().Find(shop_.id, channel_.id)->healthy);

  EXPECT_EQ(worker.RunOnce()->retried, 0);  // not due before the backoff
  clock_.Advance(BackoffAfter(1, policy));
  EXPECT_EQ(worker.RunOnce()->retried, 1);
  clock_.Advance(BackoffAfter(2, policy));
  EXPECT_EQ(worker.RunOnce()->failed, 1);
  auto final_state = db_->messages().Find(shop_.id, m->id);
  EXPECT_EQ(final_state->delivery, DeliveryState::kFailed);
  EXPECT_EQ(final_state->attempts, 3);
  EXPECT_EQ(*db_->outbox().CountPending(), 0);

  // An agent can queue it again.
  auto retried = replies.RetryDelivery(shop_.id, m->id);
  ASSERT_TRUE(retried);
  EXPECT_EQ(retried->delivery, DeliveryState::kQueued);
  EXPECT_EQ(*db_->outbox().CountPending(), 1);
  EXPECT_EQ(replies.RetryDelivery(shop_.id, m->id).error().code, ErrorCode::kConflict);
}

TEST_F(ReplyServiceTest, ChannelWithoutSmtpFailsAtOnceWithAClearMessage) {
  Channel c = channel_;
  c.name = "no-smtp";
  c.address = "nosmtp@sakura.example";
  c.settings.values.erase("smtp_url");
  auto created = db_->channels().Create(c);
  ASSERT_TRUE(created);
  IngestService ingest(*db_, clock_);
  auto in = ingest.Ingest(*created, Mail("b@x.jp", "質問", "本文", "ns1@x"));
  ASSERT_TRUE(in);
  ReplyService replies(*db_, clock_);
  auto m = replies.Reply(shop_.id, in->conversation_id, owner_.id, {"返信", "", {}});
  ASSERT_TRUE(m);
  OutboxWorker worker(*db_, clock_);
  EXPECT_EQ(worker.RunOnce()->failed, 1);
  auto failed = db_->messages().Find(shop_.id, m->id);
  EXPECT_EQ(failed->delivery, DeliveryState::kFailed);
  EXPECT_NE(failed->last_error.find("SMTP"), std::string::npos);
}

}  // namespace
}  // namespace shopdesk::services

namespace shopdesk::services {
namespace {

// Every change a service commits carries its live event; a refused change carries none.
TEST_F(ReplyServiceTest, RepliesNotesDeliveriesAndRefusalsAndTheirLiveEvents) {
  auto kinds = [&](LiveEventId after) {
    std::vector<std::pair<LiveEventKind, std::optional<MessageId>>> out;
    auto events = db_->events().ListForShop(shop_.id, after, 100);
    for (const auto& e : *events) {
      out.emplace_back(e.kind, e.message_id);
    }
    return out;
  };
  const LiveEventId start = *db_->events().LatestId();
  ASSERT_EQ(kinds(0).size(), 3u) << "two ingested mails: conversation.created + 2 messages";

  ReplyService replies(*db_, clock_);
  auto reply = replies.Reply(shop_.id, conversation_, owner_.id, {"承知しました。", "", {}});
  ASSERT_TRUE(reply);
  auto note = replies.AddNote(shop_.id, conversation_, owner_.id, "発送済みか倉庫に確認");
  ASSERT_TRUE(note);
  OutboxWorker worker(*db_, clock_, {});
  ASSERT_TRUE(worker.RunOnce());  // nothing listens on the SMTP port: a retry is recorded
  ConversationService conversations(*db_, clock_);
  ASSERT_FALSE(
      conversations.ChangeStatus(shop_.id, conversation_ + 999, ConversationStatus::kResolved));

  using K = LiveEventKind;
  EXPECT_EQ(kinds(start), (std::vector<std::pair<K, std::optional<MessageId>>>{
                              {K::kMessageCreated, reply->id},
                              {K::kMessageCreated, note->id},
                              {K::kMessageUpdated, reply->id},
                          }));
  auto recent = db_->events().ListForShop(shop_.id, start, 100);
  const LiveEvent updated = recent->back();
  EXPECT_NE(updated.data.find(R"("delivery":"queued")"), std::string::npos) << updated.data;
  EXPECT_NE(updated.data.find(R"("attempts":1)"), std::string::npos) << updated.data;
  EXPECT_TRUE(db_->events().ListForShop(other_shop_.id, 0, 100)->empty());
}

}  // namespace
}  // namespace shopdesk::services

namespace shopdesk::services {
namespace {

TEST_F(ReplyServiceTest, ANoteTellsTheAgentsItMentions) {
  Agent colleague;
  colleague.shop_id = shop_.id;
  colleague.email = "suzuki@sakura.example";
  colleague.name = "鈴木 一郎";
  colleague = *db_->agents().Create(colleague);
  Agent stranger;
  stranger.shop_id = other_shop_.id;
  stranger.email = "x@other.example";
  stranger = *db_->agents().Create(stranger);

  ReplyService replies(*db_, clock_);
  auto foreign =
      replies.AddNote(shop_.id, conversation_, owner_.id, "@x 見てください", {stranger.id});
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(replies.AddNote(shop_.id, conversation_, owner_.id, "@鈴木 一郎 返品の件お願いします",
                              {colleague.id, colleague.id}));
  auto events = db_->events().ListForShop(shop_.id, 0, 100);
  ASSERT_TRUE(events);
  ASSERT_FALSE(events->empty());
  const auto data = nlohmann::json::parse(events->back().data);
  EXPECT_EQ(data.at("direction"), "note");
  EXPECT_EQ(data.at("mentions"), nlohmann::json::array({colleague.id}));
}

}  // namespace
}  // namespace shopdesk::services

namespace shopdesk::services {
namespace {

TEST_F(ReplyServiceTest, CopiesGoOnlyOnMailChannels) {
  ReplyService replies(*db_, clock_);
  ReplyDraft draft;
  draft.text = "ご連絡ありがとうございます。";
  draft.cc = {"warehouse@sakura.example"};
  draft.bcc = {"manager@sakura.example"};
  auto sent = replies.Reply(shop_.id, conversation_, owner_.id, draft);
  ASSERT_TRUE(sent) << sent.error().ToString();
  EXPECT_EQ(db_->messages().Find(shop_.id, sent->id)->cc, draft.cc);
  EXPECT_EQ(db_->messages().Find(shop_.id, sent->id)->bcc, draft.bcc);

  Channel relay = channel_;
  relay.id = 0;
  relay.name = "amazon";
  relay.kind = "amazon";  // Amazon relays to its buyer alone
  relay.address = "amazon@sakura.example";
  auto amazon = ShopSettings::CommandLine(*db_, clock_, shop_.id).AddChannel(relay);
  ASSERT_TRUE(amazon) << amazon.error().ToString();
  auto ingested = IngestService(*db_, clock_)
                      .Ingest(*amazon, Mail("buyer@marketplace.amazon.co.jp", "質問", "在庫は？",
                                            "az1@example.jp"));
  ASSERT_TRUE(ingested) << ingested.error().ToString();
  auto refused = replies.Reply(shop_.id, ingested->conversation_id, owner_.id, draft);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "reply.copies_mail_only");
}

TEST_F(ReplyServiceTest, AttachmentsAreStoredWithTheReplyWithinTheLimits) {
  ReplyService replies(*db_, clock_);
  ReplyDraft draft;
  draft.text = "交換品の発送伝票をお送りします。";
  draft.attachments = {{"C:\\fakepath\\送り状.pdf", "Application/PDF", "%PDF-1.4 ..."},
                       {"photo", "", std::string("\x89PNG\0\0", 6)}};
  auto sent = replies.Reply(shop_.id, conversation_, owner_.id, draft);
  ASSERT_TRUE(sent) << sent.error().ToString();
  auto stored = db_->messages().Find(shop_.id, sent->id);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->attachments.size(), 2u);
  EXPECT_EQ(stored->attachments[0].filename, "送り状.pdf");
  EXPECT_EQ(stored->attachments[0].content_type, "application/pdf");
  EXPECT_EQ(stored->attachments[0].size, 12);
  EXPECT_EQ(stored->attachments[1].content_type, "application/octet-stream");
  EXPECT_EQ(*db_->blobs().Get(shop_.id, stored->attachments[1].sha256), draft.attachments[1].data);

  const auto messages_before = db_->messages().ListByConversation(shop_.id, conversation_)->size();
  auto refused = [&](ReplyDraft d) {
    auto r = replies.Reply(shop_.id, conversation_, owner_.id, d);
    EXPECT_FALSE(r);
    return r ? std::string() : r.error().reason;
  };
  ReplyDraft too_many = draft;
  too_many.attachments.assign(kMaxReplyAttachments + 1, {"a.txt", "text/plain", "a"});
  EXPECT_EQ(refused(too_many), "reply.too_many_attachments");
  ReplyDraft too_large = draft;
  too_large.attachments = {{"a.bin", "", std::string(kMaxReplyAttachmentBytes / 2, 'a')},
                           {"b.bin", "", std::string(kMaxReplyAttachmentBytes / 2 + 1, 'b')}};
  EXPECT_EQ(refused(too_large), "reply.attachments_too_large");
  ReplyDraft empty = draft;
  empty.attachments = {{"empty.txt", "text/plain", ""}};
  EXPECT_EQ(refused(empty), "reply.attachment_empty");
  // Nothing of a refused reply is kept.
  EXPECT_EQ(db_->messages().ListByConversation(shop_.id, conversation_)->size(), messages_before);
}

}  // namespace
}  // namespace shopdesk::services
