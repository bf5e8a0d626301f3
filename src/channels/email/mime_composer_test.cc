#include "channels/email/mime_composer.h"

#include <gtest/gtest.h>

#include "channels/email/mime_parser.h"

namespace shopdesk::channels::email {
namespace {

OutboundMessage Sample() {
  OutboundMessage m;
  m.message_id = "sd.1@sakura.example";
  m.in_reply_to = "in2@example.jp";
  m.references = {"in1@example.jp", "in2@example.jp"};
  m.from_name = "さくら雑貨店 サポート";
  m.from_address = "support@sakura.example";
  m.to_name = "山田 太郎";
  m.to_address = "taro@example.jp";
  m.subject = "Re: 【重要】ご注文の商品についてのお問い合わせ（注文番号 250-1234567-1234567）の件";
  m.text = "山田様\nいつもありがとうございます。\n" + std::string(300, 'x');
  m.date = 1795395600000;
  return m;
}

TEST(MimeComposerTest, RoundTripsThroughTheParser) {
  auto raw = ComposeMail(Sample());
  ASSERT_TRUE(raw) << raw.error().ToString();
  auto parsed = ParseMail(*raw, {});
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->subject, Sample().subject);
  EXPECT_EQ(parsed->from_name, "さくら雑貨店 サポート");
  EXPECT_EQ(parsed->from_address, "support@sakura.example");
  EXPECT_EQ(parsed->to_address, "taro@example.jp");
  EXPECT_EQ(parsed->external_id, "sd.1@sakura.example");
  EXPECT_EQ(parsed->in_reply_to, "in2@example.jp");
  EXPECT_EQ(parsed->references, Sample().references);
  EXPECT_NE(parsed->text.find("いつもありがとうございます。"), std::string::npos);
  EXPECT_EQ(*parsed->date, Sample().date);
}

TEST(MimeComposerTest, LinesAreShortAndCrlf) {
  auto raw = ComposeMail(Sample());
  ASSERT_TRUE(raw);
  size_t start = 0;
  while (start < raw->size()) {
    const auto end = raw->find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
    EXPECT_LE(end - start, 78u) << raw->substr(start, end - start);
    EXPECT_EQ(raw->substr(start, end - start).find('\n'), std::string::npos);
    start = end + 2;
  }
}

TEST(MimeComposerTest, HtmlAlternative) {
  OutboundMessage m = Sample();
  m.html = "<p>山田様</p>";
  auto raw = ComposeMail(m);
  ASSERT_TRUE(raw);
  EXPECT_NE(raw->find("multipart/alternative"), std::string::npos);
  auto parsed = ParseMail(*raw, {});
  ASSERT_TRUE(parsed);
  EXPECT_NE(parsed->html.find("山田様"), std::string::npos);
  EXPECT_NE(parsed->text.find("山田様"), std::string::npos);
}

TEST(MimeComposerTest, RejectsHeaderInjection) {
  for (auto field : {&OutboundMessage::subject, &OutboundMessage::to_address,
                     &OutboundMessage::from_name, &OutboundMessage::message_id}) {
    OutboundMessage m = Sample();
    m.*field += "\r\nBcc: victim@example.com";
    auto raw = ComposeMail(m);
    ASSERT_FALSE(raw);
    EXPECT_EQ(raw.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace shopdesk::channels::email
