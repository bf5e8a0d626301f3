// The inbound chain end to end on a real (in-memory SQLite) database: who the
// customer is, how bounces and notices find the reply they are about, and what never
// threads together.
#include "services/inbound/inbound_pipeline.h"

#include <gtest/gtest.h>

#include "services/ingest_service.h"
#include "services/reply_service.h"
#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

// Headers as given (each ending in \r\n), then a UTF-8 plain-text body.
std::string RawMail(const std::string& headers, const std::string& body) {
  return headers +
         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: 8bit\r\n\r\n" +
         body + "\r\n";
}

std::string ShopifyForm(const std::string& reply_to, const std::string& body,
                        const std::string& id) {
  return RawMail("From: Shopify <mailer@shopify.com>\r\n" +
                     (reply_to.empty() ? "" : "Reply-To: " + reply_to + "\r\n") +
                     "To: support@sakura.example\r\nMessage-ID: <" + id +
                     ">\r\nSubject: New customer message on May 3, 2024 at 10:15 am\r\n"
                     "Date: Fri, 03 May 2024 10:15:00 +0900\r\n",
                 body);
}

class InboundPipelineTest : public testing::ServiceFixture {
 protected:
  IngestOutcome In(const std::string& raw) {
    IngestService ingest(*db_, clock_);
    auto r = ingest.Ingest(channel_, raw);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : IngestOutcome{};
  }
  Conversation Conv(ConversationId id) {
    auto c = db_->conversations().Find(shop_.id, id);
    EXPECT_TRUE(c) << c.error().ToString();
    return c ? *c : Conversation{};
  }
  Customer CustomerOf(ConversationId id) {
    auto c = db_->customers().Find(shop_.id, Conv(id).customer_id);
    EXPECT_TRUE(c);
    return c ? *c : Customer{};
  }
  Message Reply(ConversationId id) {
    ReplyService replies(*db_, clock_);
    auto m = replies.Reply(shop_.id, id, owner_.id, {"お問い合わせありがとうございます。", "", {}});
    EXPECT_TRUE(m) << m.error().ToString();
    return m ? *m : Message{};
  }
  Message Find(MessageId id) {
    auto m = db_->messages().Find(shop_.id, id);
    EXPECT_TRUE(m);
    return m ? *m : Message{};
  }
};

TEST_F(InboundPipelineTest, TheStepsAreListedInOrder) {
  std::vector<std::string> names;
  for (const auto& s : InboundPrepareSteps()) names.push_back(s.name);
  for (const auto& s : InboundStoreSteps()) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "classify_sender", "threading_keys", "deduplicate", "link_delivery_report",
                       "identify_customer", "thread", "store_message", "mark_undelivered",
                       "update_conversation", "away_answer", "record_events"}));
}

TEST_F(InboundPipelineTest, TwoShopifyFormCustomersInTheSameMinuteAreTwoConversations) {
  auto a = In(ShopifyForm("山田 太郎 <taro@example.jp>", "在庫はありますか", "f1@shopify"));
  auto b = In(ShopifyForm("鈴木 花子 <hanako@example.jp>", "送料はいくらですか", "f2@shopify"));
  EXPECT_NE(a.conversation_id, b.conversation_id);
  EXPECT_EQ(CustomerOf(a.conversation_id).email, "taro@example.jp");
  EXPECT_EQ(CustomerOf(a.conversation_id).name, "山田 太郎");
  EXPECT_EQ(CustomerOf(b.conversation_id).email, "hanako@example.jp");
  // The answer goes to the customer, not to Shopify's mailer.
  EXPECT_EQ(Reply(a.conversation_id).to_address, "taro@example.jp");
  EXPECT_EQ(Reply(b.conversation_id).to_address, "hanako@example.jp");
  // The same customer's next form message is not joined by its template subject.
  auto c = In(ShopifyForm("山田 太郎 <taro@example.jp>", "もう一点質問です", "f3@shopify"));
  EXPECT_NE(c.conversation_id, a.conversation_id);
}

TEST_F(InboundPipelineTest, FormWithoutReplyToUsesTheEmailInItsBody) {
  auto r =
      In(ShopifyForm("", "Name: 佐藤 一郎\nEmail: Ichiro@Example.JP\nBody: 返品したい", "f4@s"));
  EXPECT_EQ(CustomerOf(r.conversation_id).email, "ichiro@example.jp");
  EXPECT_EQ(Find(r.message_id).from_address, "ichiro@example.jp");
}

TEST_F(InboundPipelineTest, MailNamingNobodyIsACustomerOfItsOwnAndCannotBeAnswered) {
  auto a = In(ShopifyForm("", "お問い合わせ内容: 在庫は?", "f5@s"));
  auto b = In(ShopifyForm("", "お問い合わせ内容: 送料は?", "f6@s"));
  EXPECT_NE(a.conversation_id, b.conversation_id);
  EXPECT_NE(Conv(a.conversation_id).customer_id, Conv(b.conversation_id).customer_id);
  EXPECT_TRUE(CustomerOf(a.conversation_id).email.ends_with("@invalid"));
  ReplyService replies(*db_, clock_);
  auto refused = replies.Reply(shop_.id, a.conversation_id, owner_.id, {"お返事です", "", {}});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(InboundPipelineTest, NoFromButReplyToAnswersTheReplyTo) {
  auto r =
      In(RawMail("Reply-To: 田中 <tanaka@example.jp>\r\nTo: support@sakura.example\r\n"
                 "Message-ID: <nf1@x>\r\nSubject: 配送について\r\n",
                 "まだ届きません"));
  EXPECT_EQ(CustomerOf(r.conversation_id).email, "tanaka@example.jp");
  EXPECT_EQ(Reply(r.conversation_id).to_address, "tanaka@example.jp");
}

TEST_F(InboundPipelineTest, AReplyToNamingTheShopItselfIsIgnored) {
  auto r =
      In(RawMail("From: 山田 <taro@example.jp>\r\nReply-To: support@sakura.example\r\n"
                 "To: support@sakura.example\r\nMessage-ID: <rs1@x>\r\nSubject: 質問\r\n",
                 "質問です"));
  EXPECT_EQ(CustomerOf(r.conversation_id).email, "taro@example.jp");
  EXPECT_EQ(Reply(r.conversation_id).to_address, "taro@example.jp");
}

TEST_F(InboundPipelineTest, AReplyToOfTheCustomersOwnIsWhereAnswersGo) {
  auto r =
      In(RawMail("From: 山田 <taro@work.example.jp>\r\nReply-To: taro@home.example.jp\r\n"
                 "To: support@sakura.example\r\nMessage-ID: <rt1@x>\r\nSubject: 質問\r\n",
                 "自宅のアドレスに返信してください"));
  EXPECT_EQ(Reply(r.conversation_id).to_address, "taro@home.example.jp");
}

TEST_F(InboundPipelineTest, AmazonSystemNoticesAreNeverACustomersConversation) {
  auto a =
      In(RawMail("From: Amazon <no-reply@amazon.co.jp>\r\nTo: support@sakura.example\r\n"
                 "Message-ID: <n1@amazon>\r\nSubject: 出品者様へのお知らせ\r\n",
                 "お知らせです"));
  auto b =
      In(RawMail("From: Amazon <no-reply@amazon.co.jp>\r\nTo: support@sakura.example\r\n"
                 "Message-ID: <n2@amazon>\r\nSubject: 出品者様へのお知らせ\r\n",
                 "別のお知らせです"));
  EXPECT_EQ(a.sender, SenderKind::kMarketplaceNotice);
  EXPECT_NE(a.conversation_id, b.conversation_id);  // never joined by subject alone
  EXPECT_TRUE(Conv(a.conversation_id).no_reply_needed);
  EXPECT_FALSE(Conv(a.conversation_id).due_at.has_value());
}

TEST_F(InboundPipelineTest, TheShopsOwnSystemSendersAreNeverCustomers) {
  Shop shop = shop_;
  shop.system_senders = {"@carrier.example"};
  ASSERT_TRUE(db_->shops().Update(shop));
  const std::string notice =
      "From: ヤマト <info@mail.carrier.example>\r\nTo: support@sakura.example\r\n"
      "Subject: お荷物お届けのお知らせ\r\n";
  auto a = In(RawMail(notice + "Message-ID: <c1@carrier>\r\n", "お届け予定です"));
  auto b = In(RawMail(notice + "Message-ID: <c2@carrier>\r\n", "お届け予定です"));
  EXPECT_EQ(a.sender, SenderKind::kMarketplaceNotice);
  EXPECT_NE(a.conversation_id, b.conversation_id);
  EXPECT_FALSE(Conv(a.conversation_id).due_at.has_value());
  // The other shop has no such rule: there the same sender is a customer.
  IngestService ingest(*db_, clock_);
  auto other = ingest.Ingest(other_channel_, RawMail(notice + "Message-ID: <c3@carrier>\r\n", "x"));
  ASSERT_TRUE(other);
  EXPECT_EQ(other->sender, SenderKind::kCustomer);
}

TEST_F(InboundPipelineTest, AmazonUndeliveredNoticeMarksTheLastReplyOnThatOrder) {
  auto buyer =
      In(RawMail("From: abcd1234@marketplace.amazon.co.jp\r\nTo: support@sakura.example\r\n"
                 "Message-ID: <b1@amazon>\r\nSubject: 注文番号 250-1234567-7654321 について\r\n",
                 "届いた商品が破損していました"));
  const Message reply = Reply(buyer.conversation_id);
  auto notice =
      In(RawMail("From: Amazon <no-reply@amazon.co.jp>\r\nTo: support@sakura.example\r\n"
                 "Message-ID: <u1@amazon>\r\nSubject: メッセージが配信されませんでした\r\n",
                 "注文番号 250-1234567-7654321 の購入者へのメッセージは配信されませんでした。\n"
                 "理由: メッセージに外部リンクが含まれています。\n"));
  EXPECT_TRUE(notice.marked_undelivered);
  EXPECT_EQ(notice.conversation_id, buyer.conversation_id);
  const Message failed = Find(reply.id);
  EXPECT_EQ(failed.delivery, DeliveryState::kFailed);
  EXPECT_NE(failed.last_error.find("外部リンク"), std::string::npos) << failed.last_error;
  // The buyer's question is unanswered again, marked as such.
  EXPECT_TRUE(Conv(buyer.conversation_id).due_at.has_value());
  EXPECT_TRUE(Conv(buyer.conversation_id).delivery_failed_at.has_value());
}

TEST_F(InboundPipelineTest, BouncesWithTheSameSubjectAreNeverMerged) {
  const std::string bounce =
      "From: Mail Delivery System <MAILER-DAEMON@mx.example.jp>\r\n"
      "To: support@sakura.example\r\nSubject: Undelivered Mail Returned to Sender\r\n";
  auto a = In(RawMail(bounce + "Message-ID: <bn1@mx>\r\n", "This is the mail system."));
  auto b = In(RawMail(bounce + "Message-ID: <bn2@mx>\r\n", "This is the mail system."));
  EXPECT_EQ(a.sender, SenderKind::kBounce);
  EXPECT_NE(a.conversation_id, b.conversation_id);
  EXPECT_TRUE(Conv(a.conversation_id).no_reply_needed);
  EXPECT_FALSE(Conv(b.conversation_id).due_at.has_value());
}

// A DSN as Postfix writes it: the report, then the returned mail's headers.
std::string Dsn(const std::string& id, const std::string& recipient,
                const std::string& returned_id) {
  return "From: Mail Delivery System <MAILER-DAEMON@mx.example.jp>\r\n"
         "To: support@sakura.example\r\nMessage-ID: <" +
         id +
         ">\r\nSubject: Undelivered Mail Returned to Sender\r\n"
         "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status;"
         " boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n"
         "This is the mail system at host mx.example.jp.\r\nI'm sorry to have to inform you "
         "that your message could not be delivered.\r\n\r\n--B\r\n"
         "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.jp\r\n"
         "\r\nFinal-Recipient: rfc822; " +
         recipient + "\r\nAction: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <" +
         recipient +
         ">: Recipient address rejected: User unknown\r\n\r\n--B\r\n"
         "Content-Type: text/rfc822-headers\r\n\r\nFrom: support@sakura.example\r\nTo: " +
         recipient + "\r\nSubject: Re: 質問\r\nMessage-ID: <" + returned_id + ">\r\n\r\n--B--\r\n";
}

TEST_F(InboundPipelineTest, TwoDsnsWithOneSubjectEachFindTheReplyTheyReturn) {
  auto taro =
      In(RawMail("From: taro@example.jp\r\nMessage-ID: <d1@x>\r\nSubject: 質問\r\n", "質問です"));
  auto hanako =
      In(RawMail("From: hanako@example.jp\r\nMessage-ID: <d2@x>\r\nSubject: 質問\r\n", "質問です"));
  ASSERT_NE(taro.conversation_id, hanako.conversation_id);
  const Message to_taro = Reply(taro.conversation_id);
  const Message to_hanako = Reply(hanako.conversation_id);
  const auto taro_due = Conv(taro.conversation_id).due_at;
  ASSERT_TRUE(taro_due);
  auto a = In(Dsn("dsn1@mx", "taro@example.jp", to_taro.external_id));
  auto b = In(Dsn("dsn2@mx", "hanako@example.jp", to_hanako.external_id));
  auto unknown = In(Dsn("dsn3@mx", "jiro@example.jp", "never-sent@sakura.example"));
  EXPECT_EQ(a.conversation_id, taro.conversation_id);
  EXPECT_EQ(b.conversation_id, hanako.conversation_id);
  EXPECT_TRUE(a.marked_undelivered && b.marked_undelivered);
  EXPECT_EQ(Find(to_taro.id).delivery, DeliveryState::kFailed);
  EXPECT_NE(Find(to_taro.id).last_error.find("User unknown"), std::string::npos);
  EXPECT_EQ(Find(to_hanako.id).delivery, DeliveryState::kFailed);
  // The bounce owes nothing itself: taro's own question is owed again, by its deadline.
  EXPECT_EQ(Conv(taro.conversation_id).due_at, taro_due);
  EXPECT_TRUE(Conv(taro.conversation_id).delivery_failed_at.has_value());
  EXPECT_EQ(Conv(taro.conversation_id).status, ConversationStatus::kOpen);
  // The report's parts are read, not listed as attachments.
  EXPECT_TRUE(Find(a.message_id).attachments.empty());
  // Unknown Message-ID: a conversation of its own, needing no reply.
  EXPECT_FALSE(unknown.marked_undelivered);
  EXPECT_NE(unknown.conversation_id, taro.conversation_id);
  EXPECT_NE(unknown.conversation_id, hanako.conversation_id);
  EXPECT_TRUE(Conv(unknown.conversation_id).no_reply_needed);
  EXPECT_FALSE(Conv(unknown.conversation_id).due_at.has_value());
}

// The store steps on an item whose delivery report names the reply (as the parser
// fills it from a DSN's returned headers).
TEST_F(InboundPipelineTest, ABounceNamingASentReplyJoinsItsConversationAndMarksIt) {
  auto asked =
      In(RawMail("From: 山田 <taro@example.jp>\r\nTo: support@sakura.example\r\n"
                 "Message-ID: <q1@x>\r\nSubject: 質問\r\n",
                 "質問です"));
  const Message reply = Reply(asked.conversation_id);
  auto other =
      In(RawMail("From: 鈴木 <suzuki@example.jp>\r\nTo: support@sakura.example\r\n"
                 "Message-ID: <q2@x>\r\nSubject: 質問\r\n",
                 "別の質問です"));
  const Message other_reply = Reply(other.conversation_id);

  const InboundShopRules rules;
  IngestOptions options;
  auto item = PrepareInboundItem(
      channel_, options, rules,
      RawMail("From: MAILER-DAEMON@mx.example.jp\r\nTo: support@sakura.example\r\n"
              "Message-ID: <bx@mx>\r\nSubject: Undelivered Mail Returned to Sender\r\n",
              "The mail system"));
  ASSERT_TRUE(item);
  item->message.flags.bounce = true;
  channels::DeliveryReport report;
  report.returned_message_ids = {"unknown@x", reply.external_id};
  report.failed_recipient = "taro@example.jp";
  report.status = "5.1.1";
  report.diagnostic = "smtp; 550 5.1.1 <taro@example.jp>: User unknown";
  item->message.delivery_report = report;
  std::vector<Result<InboundItem>> items;
  items.push_back(std::move(*item));
  IngestService ingest(*db_, clock_);
  auto results = ingest.StoreBatch(channel_, std::move(items));
  ASSERT_TRUE(results.front()) << results.front().error().ToString();
  EXPECT_TRUE(results.front()->marked_undelivered);
  EXPECT_EQ(results.front()->conversation_id, asked.conversation_id);
  const Message failed = Find(reply.id);
  EXPECT_EQ(failed.delivery, DeliveryState::kFailed);
  EXPECT_NE(failed.last_error.find("5.1.1"), std::string::npos);
  EXPECT_NE(failed.last_error.find("taro@example.jp"), std::string::npos);
  EXPECT_NE(Find(other_reply.id).delivery, DeliveryState::kFailed);
  auto channel = db_->channels().Find(shop_.id, channel_.id);
  ASSERT_TRUE(channel);
  EXPECT_FALSE(channel->healthy);
  EXPECT_NE(channel->last_error.find("User unknown"), std::string::npos);
}

TEST_F(InboundPipelineTest, ItemsPreparedEarlierAreStoredOnceInOneBatch) {
  const InboundShopRules rules;
  IngestOptions options;
  std::vector<Result<InboundItem>> items;
  for (int i = 0; i < 3; ++i) {
    items.push_back(PrepareInboundItem(
        channel_, options, rules,
        RawMail("From: c" + std::to_string(i) + "@example.jp\r\nMessage-ID: <rb" +
                    std::to_string(i) + "@x>\r\nSubject: 件名" + std::to_string(i) + "\r\n",
                "本文")));
  }
  items.push_back(PrepareInboundItem(channel_, options, rules, ""));
  // Another path stores the second mail between prepare and store.
  In(RawMail("From: c1@example.jp\r\nMessage-ID: <rb1@x>\r\nSubject: 件名1\r\n", "本文"));
  IngestService ingest(*db_, clock_);
  auto results = ingest.StoreBatch(channel_, std::move(items));
  ASSERT_EQ(results.size(), 4u);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(results[i]) << results[i].error().ToString();
  EXPECT_FALSE(results[0]->duplicate);
  EXPECT_TRUE(results[1]->duplicate);
  EXPECT_FALSE(results[2]->duplicate);
  ASSERT_FALSE(results[3]);  // the empty item is reported, the others stored
  EXPECT_EQ(results[3].error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(*db_->messages().Count(shop_.id), 3);
}

}  // namespace
}  // namespace shopdesk::services
