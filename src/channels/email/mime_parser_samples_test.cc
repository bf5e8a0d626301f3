// ParseMail on the realistic sample mails in testdata/ (read relative to the repo root,
// the tests' working directory).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "channels/email/mime_parser.h"

namespace shopdesk::channels::email {
namespace {

InboundMessage ParseSample(const std::string& name) {
  const std::string path = "src/channels/email/testdata/" + name;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path << " (run from the repo root)";
  std::stringstream s;
  s << in.rdbuf();
  auto r = ParseMail(s.str(), {});
  EXPECT_TRUE(r) << path;
  if (!r) return {};
  EXPECT_EQ(r->raw, s.str());
  return *r;
}

TEST(MimeParserSamplesTest, AmazonBuyerMessageRelayInIso2022Jp) {
  const InboundMessage m = ParseSample("amazon_relay_iso2022jp.eml");
  EXPECT_EQ(m.subject, "注文番号 250-1234567-1234567 についての購入者からの問い合わせ");
  EXPECT_EQ(m.from_name, "髙橋 花子 - Amazon Marketplace");
  EXPECT_EQ(m.from_address, "x4k2p9abcd@marketplace.amazon.co.jp");
  EXPECT_EQ(m.to_address, "amazon@sakura-zakka.example");
  EXPECT_EQ(m.external_id, "0100018c-amazon-relay-1@email.amazonses.com");
  EXPECT_NE(m.text.find("先日購入した豆皿①が割れて届きました。\n"), std::string::npos);
  EXPECT_NE(m.text.find("購入者: 髙橋 花子"), std::string::npos);
  EXPECT_NE(m.text.find("注文番号: 250-1234567-1234567"), std::string::npos);
  EXPECT_FALSE(m.flags.decode_failed);
  EXPECT_FALSE(m.flags.auto_submitted || m.flags.bulk || m.flags.bounce);
}

TEST(MimeParserSamplesTest, ShiftJisFromAnOldMailer) {
  const InboundMessage m = ParseSample("old_mailer_shift_jis.eml");
  EXPECT_EQ(m.subject, "領収書の宛名 ①㈱");
  EXPECT_EQ(m.from_name, "木村");
  EXPECT_EQ(m.from_address, "kimura@old-mailer.example.jp");
  EXPECT_NE(m.text.find("①㈱～髙 の表記で領収書をお願いします。"), std::string::npos);
  EXPECT_NE(m.text.find("宛名: ㈱髙島屋商店 御中"), std::string::npos);
  EXPECT_NE(m.text.find("金額: ￥３，２４０－"), std::string::npos);
  EXPECT_FALSE(m.flags.decode_failed);
}

TEST(MimeParserSamplesTest, HtmlOnlyMailWithScriptsAndTrackers) {
  const InboundMessage m = ParseSample("html_only_xss.eml");
  EXPECT_EQ(m.subject, "返品の相談");
  EXPECT_EQ(m.from_name, "Suzuki Ichiro");
  for (const char* bad : {"<script", "onerror", "onload", "javascript:", "<svg", "<form", "<meta",
                          "<base", "<style", "<input", "document.cookie"}) {
    EXPECT_EQ(m.html.find(bad), std::string::npos) << bad << " in " << m.html;
  }
  EXPECT_NE(m.html.find("data-blocked-src=\"https://tracker.example/open.gif?id=42\""),
            std::string::npos);
  EXPECT_NE(m.html.find("href=\"https://shop.example/order/250-7654321-7654321\""),
            std::string::npos);
  EXPECT_NE(m.html.find("<b>返品</b>"), std::string::npos);
  EXPECT_NE(m.text.find("注文番号 250-7654321-7654321 の返品について相談です。"),
            std::string::npos);
  EXPECT_NE(m.text.find("・豆皿\n・箸置き"), std::string::npos);
  EXPECT_EQ(m.text.find("alert"), std::string::npos);
  EXPECT_EQ(m.text.find("ご注文について"), std::string::npos);  // the <title>
}

TEST(MimeParserSamplesTest, Rfc2231JapaneseAttachmentNames) {
  const InboundMessage m = ParseSample("rfc2231_japanese_attachment.eml");
  EXPECT_EQ(m.subject, "破損の写真を送ります");
  EXPECT_EQ(m.from_name, "佐藤 健");
  EXPECT_EQ(m.text, "破損した商品の写真と納品書を添付します。\n");
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_EQ(m.attachments[0].filename, "破損写真①.jpg");  // ISO-2022-JP, continued
  EXPECT_EQ(m.attachments[0].content_type, "image/jpeg");
  EXPECT_EQ(m.attachments[0].data.substr(0, 4), "\xff\xd8\xff\xe0");
  EXPECT_EQ(m.attachments[1].filename, "納品書（控え）.pdf");
  EXPECT_EQ(m.attachments[1].data, "%PDF-1.4 sample");
  EXPECT_FALSE(m.flags.decode_failed);
}

TEST(MimeParserSamplesTest, BounceReport) {
  const InboundMessage m = ParseSample("bounce_multipart_report.eml");
  EXPECT_TRUE(m.flags.bounce);
  EXPECT_TRUE(m.flags.auto_submitted);
  EXPECT_EQ(m.from_address, "mailer-daemon@mx.sakura-zakka.example");
  EXPECT_NE(m.text.find("550 5.1.1 User unknown"), std::string::npos);
  bool has_original = false;
  for (const auto& a : m.attachments) {
    if (a.content_type == "message/rfc822") {
      has_original = true;
      EXPECT_EQ(a.filename, "ご注文ありがとうございます.eml");
      EXPECT_NE(a.data.find("sd.42.1a2b@sakura-zakka.example"), std::string::npos);
    }
  }
  EXPECT_TRUE(has_original);
}

TEST(MimeParserSamplesTest, AutoReply) {
  const InboundMessage m = ParseSample("auto_reply_iso2022jp.eml");
  EXPECT_TRUE(m.flags.auto_submitted);
  EXPECT_TRUE(m.flags.bulk);
  EXPECT_FALSE(m.flags.bounce);
  EXPECT_EQ(m.subject, "【自動返信】休業のお知らせ");
  EXPECT_EQ(m.in_reply_to, "sd.43.9f9f@sakura-zakka.example");
  EXPECT_EQ(m.references, (std::vector<std::string>{"sd.41.0a0a@sakura-zakka.example",
                                                    "sd.43.9f9f@sakura-zakka.example"}));
  EXPECT_NE(m.text.find("11月23日（月）～11月25日（水）"), std::string::npos);
}

}  // namespace
}  // namespace shopdesk::channels::email
