#include "channels/email/mime_composer.h"

#include <gtest/gtest.h>

#include <cstring>

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
  m.text = "山田様\nいつもありがとうございます。\n①㈱～髙\n" + std::string(300, 'x');
  m.date = 1795395600000;
  return m;
}

InboundMessage RoundTrip(const OutboundMessage& out) {
  auto raw = ComposeMail(out);
  EXPECT_TRUE(raw) << raw.error().ToString();
  if (!raw) return {};
  auto parsed = ParseMail(*raw, {});
  EXPECT_TRUE(parsed);
  return parsed ? *parsed : InboundMessage{};
}

TEST(MimeComposerTest, RoundTripsThroughTheParser) {
  const InboundMessage parsed = RoundTrip(Sample());
  EXPECT_EQ(parsed.subject, Sample().subject);
  EXPECT_EQ(parsed.from_name, "さくら雑貨店 サポート");
  EXPECT_EQ(parsed.from_address, "support@sakura.example");
  EXPECT_EQ(parsed.to_address, "taro@example.jp");
  EXPECT_EQ(parsed.external_id, "sd.1@sakura.example");
  EXPECT_EQ(parsed.in_reply_to, "in2@example.jp");
  EXPECT_EQ(parsed.references, Sample().references);
  EXPECT_EQ(parsed.text, Sample().text);
  ASSERT_TRUE(parsed.date.has_value());
  EXPECT_EQ(*parsed.date, Sample().date);
  EXPECT_FALSE(parsed.flags.decode_failed);
}

TEST(MimeComposerTest, CopiesAreInTheCcHeaderAndBlindCopiesNowhere) {
  OutboundMessage m = Sample();
  m.cc = {"hanako@example.jp", "warehouse@sakura.example"};
  m.bcc = {"manager@sakura.example"};
  auto raw = ComposeMail(m);
  ASSERT_TRUE(raw) << raw.error().ToString();
  EXPECT_NE(raw->find("\r\nCc: <hanako@example.jp>,\r\n <warehouse@sakura.example>\r\n"),
            std::string::npos)
      << *raw;
  EXPECT_EQ(raw->find("manager@"), std::string::npos);
  EXPECT_EQ(raw->find("Bcc"), std::string::npos);
  m.cc = {"a@x.jp>, evil@x.jp"};  // one address, never two smuggled in
  EXPECT_FALSE(ComposeMail(m));
}

TEST(MimeComposerTest, AutomaticAnswersCarryAutoSubmitted) {
  EXPECT_FALSE(RoundTrip(Sample()).flags.auto_submitted);
  OutboundMessage automatic = Sample();
  automatic.auto_replied = true;
  EXPECT_NE(ComposeMail(automatic)->find("\r\nAuto-Submitted: auto-replied\r\n"),
            std::string::npos);
  // Our own parser, like any RFC 3834 responder, will not answer it.
  EXPECT_TRUE(RoundTrip(automatic).flags.auto_submitted);
}

TEST(MimeComposerTest, SubjectsOfEveryShapeRoundTrip) {
  for (const std::string& subject :
       {std::string(""), std::string("Plain ASCII"), std::string(200, 'a') + " long ascii",
        std::string("=?UTF-8?B?not-a-word?="), std::string("絵文字🍵と結合文字が゙"),
        std::string(120, 'x') + "末尾に日本語", std::string("\"quotes\" and \\backslash")}) {
    OutboundMessage m = Sample();
    m.subject = subject;
    m.from_name = subject.empty() ? "" : subject;
    const InboundMessage parsed = RoundTrip(m);
    EXPECT_EQ(parsed.subject, subject);
    EXPECT_EQ(parsed.from_name, subject);
  }
}

TEST(MimeComposerTest, LinesAreShortAndCrlf) {
  OutboundMessage m = Sample();
  m.references.clear();
  for (int i = 0; i < 30; ++i) m.references.push_back("ref" + std::to_string(i) + "@example.jp");
  auto raw = ComposeMail(m);
  ASSERT_TRUE(raw);
  size_t start = 0;
  while (start < raw->size()) {
    const auto end = raw->find("\r\n", start);
    ASSERT_NE(end, std::string::npos) << "every line ends in CRLF";
    EXPECT_LE(end - start, 78u) << raw->substr(start, end - start);
    EXPECT_EQ(raw->substr(start, end - start).find('\n'), std::string::npos);
    EXPECT_EQ(raw->substr(start, end - start).find('\r'), std::string::npos);
    start = end + 2;
  }
}

TEST(MimeComposerTest, EncodedWordsNeverSplitACharacter) {
  OutboundMessage m = Sample();
  m.subject = std::string(100, 'a') + "あいうえおかきくけこ🍵さしすせそ";
  auto raw = ComposeMail(m);
  ASSERT_TRUE(raw);
  // Every encoded word decodes to valid UTF-8 on its own.
  size_t pos = 0;
  int words = 0;
  while ((pos = raw->find("=?UTF-8?B?", pos)) != std::string::npos) {
    const size_t end = raw->find("?=", pos + 10);
    ASSERT_NE(end, std::string::npos);
    auto one = ParseMail("Subject: " + raw->substr(pos, end + 2 - pos) + "\r\n\r\n", {});
    ASSERT_TRUE(one);
    EXPECT_FALSE(one->flags.decode_failed) << raw->substr(pos, end + 2 - pos);
    pos = end;
    ++words;
  }
  EXPECT_GT(words, 2);
}

TEST(MimeComposerTest, HtmlAlternative) {
  OutboundMessage m = Sample();
  m.html = "<p>山田様</p><p>ありがとうございます</p>";
  auto raw = ComposeMail(m);
  ASSERT_TRUE(raw);
  EXPECT_NE(raw->find("Content-Type: multipart/alternative; boundary="), std::string::npos);
  EXPECT_NE(raw->find("Content-Type: text/html; charset=UTF-8"), std::string::npos);
  auto parsed = ParseMail(*raw, {});
  ASSERT_TRUE(parsed);
  EXPECT_NE(parsed->html.find("<p>山田様</p>"), std::string::npos);
  EXPECT_EQ(parsed->text, Sample().text);  // the plain part is preferred
}

// What an agent attaches arrives as it was sent: Japanese names (long ones too, in
// continuations), binary bytes, beside the HTML alternative.
TEST(MimeComposerTest, AttachmentsRoundTripWithTheirNamesAndBytes) {
  OutboundMessage m = Sample();
  m.html = "<p>山田様</p>";
  std::string png("\x89PNG\r\n\x1a\n", 8);
  for (int i = 0; i < 5000; ++i) png.push_back(static_cast<char>(i * 7));
  const std::string long_name =
      "ご注文250-1234567-1234567の納品書と領収書（再発行分・2026年12月）.pdf";
  m.attachments = {
      {"破損箇所の写真.png", "image/png", png},
      {long_name, "application/pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"},
      {"invoice.txt", "text/plain", "no. 42\n"},
      {"見積書.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       "PK\x03\x04"}};
  auto raw = ComposeMail(m);
  ASSERT_TRUE(raw) << raw.error().ToString();
  EXPECT_NE(raw->find("Content-Type: multipart/mixed; boundary="), std::string::npos);
  EXPECT_NE(raw->find("filename=\"invoice.txt\""), std::string::npos);
  EXPECT_NE(raw->find("filename*0*=UTF-8''"), std::string::npos);
  size_t start = 0;
  while (start < raw->size()) {
    const auto end = raw->find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 78u) << raw->substr(start, end - start);
    start = end + 2;
  }
  auto parsed = ParseMail(*raw, {});
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->flags.decode_failed) << parsed->decode_note;
  EXPECT_EQ(parsed->text, Sample().text);
  EXPECT_NE(parsed->html.find("山田様"), std::string::npos);
  ASSERT_EQ(parsed->attachments.size(), 4u);
  EXPECT_EQ(parsed->attachments[0].filename, "破損箇所の写真.png");
  EXPECT_EQ(parsed->attachments[0].content_type, "image/png");
  EXPECT_EQ(parsed->attachments[0].data, png);
  EXPECT_EQ(parsed->attachments[1].filename, long_name);
  EXPECT_EQ(parsed->attachments[1].data, m.attachments[1].data);
  EXPECT_EQ(parsed->attachments[2].filename, "invoice.txt");
  EXPECT_EQ(parsed->attachments[3].filename, "見積書.docx");
  EXPECT_EQ(parsed->attachments[3].content_type, m.attachments[3].content_type);
}

TEST(MimeComposerTest, RefusesAttachmentsWithUnsafeNamesOrTypes) {
  OutboundMessage m = Sample();
  m.attachments = {{"../secret.txt", "text/plain", "x"}};
  EXPECT_FALSE(ComposeMail(m));
  m.attachments = {{"a\r\nBcc: x@example.com", "text/plain", "x"}};
  EXPECT_FALSE(ComposeMail(m));
  m.attachments = {{"", "text/plain", "x"}};
  EXPECT_FALSE(ComposeMail(m));
  m.attachments = {{"a.txt", "text/plain\r\nX: y", "x"}};
  EXPECT_FALSE(ComposeMail(m));
}

TEST(MimeComposerTest, HeadersArePresent) {
  auto raw = ComposeMail(Sample());
  ASSERT_TRUE(raw);
  for (const char* header :
       {"Date: Mon, 23 Nov 2026 01:00:00 +0000\r\n", "Message-ID: <sd.1@sakura.example>\r\n",
        "In-Reply-To: <in2@example.jp>\r\n", "MIME-Version: 1.0\r\n",
        "Content-Type: text/plain; charset=UTF-8\r\n", "Content-Transfer-Encoding: base64\r\n",
        "From: =?UTF-8?B?"}) {
    EXPECT_NE(raw->find(header), std::string::npos) << header;
  }
}

TEST(MimeComposerTest, GeneratesAMessageIdWhenMissing) {
  OutboundMessage m = Sample();
  m.message_id.clear();
  const InboundMessage parsed = RoundTrip(m);
  EXPECT_TRUE(parsed.external_id.ends_with("@sakura.example")) << parsed.external_id;
}

TEST(MimeComposerTest, RejectsHeaderInjection) {
  for (auto field :
       {&OutboundMessage::subject, &OutboundMessage::to_address, &OutboundMessage::from_address,
        &OutboundMessage::from_name, &OutboundMessage::to_name, &OutboundMessage::message_id,
        &OutboundMessage::in_reply_to}) {
    for (const char* injection :
         {"\r\nBcc: victim@example.com", "\nBcc: v@example.com", "\rX: y", "\0Bcc: x"}) {
      OutboundMessage m = Sample();
      m.*field += std::string(injection, injection[0] == '\0' ? 8 : std::strlen(injection));
      auto raw = ComposeMail(m);
      ASSERT_FALSE(raw);
      EXPECT_EQ(raw.error().code, ErrorCode::kInvalidArgument);
    }
  }
  OutboundMessage m = Sample();
  m.references.push_back("ok@x\r\nBcc: v@example.com");
  EXPECT_FALSE(ComposeMail(m));
}

TEST(MimeComposerTest, RejectsMalformedAddressesAndIds) {
  for (const char* address : {"", "no-at-sign", "a@b>, <c@d", "a b@example.jp", "@example.jp", "a@",
                              "山田@example.jp", "a@b;c@d"}) {
    OutboundMessage m = Sample();
    m.to_address = address;
    auto raw = ComposeMail(m);
    ASSERT_FALSE(raw) << address;
    EXPECT_EQ(raw.error().code, ErrorCode::kInvalidArgument);
  }
  for (const char* id : {"a b@c", "<a@b>", "日本@example"}) {
    OutboundMessage m = Sample();
    m.message_id = id;
    EXPECT_FALSE(ComposeMail(m)) << id;
  }
}

}  // namespace
}  // namespace shopdesk::channels::email
