#include "core/sender_rules.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

TEST(SenderRulesTest, DaemonsAndMarketplaceNoReplyAreSystemAddresses) {
  EXPECT_TRUE(IsSystemAddress("mailer-daemon@mx.example.jp", {}));
  EXPECT_TRUE(IsSystemAddress("mailer-daemon", {}));
  EXPECT_TRUE(IsSystemAddress("postmaster@example.com", {}));
  EXPECT_TRUE(IsSystemAddress("no-reply@amazon.co.jp", {}));
  EXPECT_TRUE(IsSystemAddress("donotreply@mail.ebay.com", {}));
  // A buyer's relay alias at Amazon is a customer, and so is a person called noreply
  // at a domain nobody listed.
  EXPECT_FALSE(IsSystemAddress("abcd1234@marketplace.amazon.co.jp", {}));
  EXPECT_FALSE(IsSystemAddress("noreply@tanaka.example", {}));
  EXPECT_FALSE(IsSystemAddress("taro@example.jp", {}));
}

TEST(SenderRulesTest, ShopEntriesNameAddressesDomainsOrLocalParts) {
  const std::vector<std::string> entries = {"Info@Carrier.example", "@notices.example", "noreply@"};
  EXPECT_TRUE(IsSystemAddress("info@carrier.example", entries));
  EXPECT_FALSE(IsSystemAddress("sales@carrier.example", entries));
  EXPECT_TRUE(IsSystemAddress("a@notices.example", entries));
  EXPECT_TRUE(IsSystemAddress("a@mail.notices.example", entries));
  EXPECT_FALSE(IsSystemAddress("a@othernotices.example", entries));
  EXPECT_TRUE(IsSystemAddress("noreply@tanaka.example", entries));
}

TEST(SenderRulesTest, FormSenders) {
  EXPECT_TRUE(IsFormSender("mailer@shopify.com"));
  EXPECT_TRUE(IsFormSender("wordpress@sakura.example"));
  EXPECT_FALSE(IsFormSender("taro@shopify.example"));
}

TEST(SenderRulesTest, AnswerableAddresses) {
  EXPECT_TRUE(IsAnswerableAddress("taro@example.jp"));
  EXPECT_FALSE(IsAnswerableAddress(""));
  EXPECT_FALSE(IsAnswerableAddress("mailer-daemon"));
  EXPECT_FALSE(IsAnswerableAddress("a@localhost"));
  EXPECT_FALSE(IsAnswerableAddress("unknown-sender@invalid"));
  EXPECT_FALSE(IsAnswerableAddress("x@host.invalid"));
  EXPECT_FALSE(IsAnswerableAddress("a@b@c.jp"));
}

TEST(SenderRulesTest, TemplateSubjects) {
  EXPECT_TRUE(IsTemplateSubject("New customer message on May 3, 2024 at 10:15 am"));
  EXPECT_TRUE(IsTemplateSubject("Re: New customer message on May 3, 2024 at 10:15 am"));
  EXPECT_TRUE(IsTemplateSubject("Undelivered Mail Returned to Sender"));
  EXPECT_TRUE(IsTemplateSubject("メッセージが配信されませんでした"));
  EXPECT_TRUE(IsTemplateSubject("【さくら雑貨店】お問い合わせがありました"));
  EXPECT_FALSE(IsTemplateSubject("配送について"));
  EXPECT_FALSE(IsTemplateSubject("Re: 注文 250-1234567-1234567 の件"));
  EXPECT_FALSE(IsTemplateSubject(""));
}

TEST(SenderRulesTest, FormEmailFromTheBody) {
  EXPECT_EQ(FindFormEmail("Name: 山田 太郎\nEmail: Taro@Example.JP\nBody: 在庫は?"),
            "taro@example.jp");
  EXPECT_EQ(FindFormEmail("お名前：山田\nメールアドレス：ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ\n"),
            "taro@example.jp");
  EXPECT_EQ(FindFormEmail("E-mail: <hanako@example.com>\n"), "hanako@example.com");
  EXPECT_EQ(FindFormEmail("Email: not an address\nMessage: hi"), "");
  EXPECT_EQ(FindFormEmail("mail me at taro@example.jp"), "");
}

TEST(SenderRulesTest, UndeliveredNotices) {
  EXPECT_TRUE(IsUndeliveredNotice("メッセージが配信されませんでした"));
  EXPECT_TRUE(IsUndeliveredNotice("Your message could not be delivered"));
  EXPECT_FALSE(IsUndeliveredNotice("出荷のお知らせ"));
}

}  // namespace
}  // namespace shopdesk
