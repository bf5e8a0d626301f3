// ParseMail on mail as it really arrives: missing or odd From headers, junk before the
// headers, empty text parts, uuencode, unpadded base64, undeclared 8-bit headers,
// UTF-7, and delivery status notifications. Each test asserts what a person reading
// the mail would take from it.

#include <gtest/gtest.h>

#include "channels/email/header_decoder.h"
#include "channels/email/mime_parser.h"
#include "channels/email/transfer_encoding.h"
#include "testing/mail_builder.h"

namespace shopdesk::channels::email {
namespace {

using testing::RawMail;
using testing::ToCharset;
using testing::UuEncode;
using testing::WithoutPadding;

InboundMessage Parse(const std::string& raw) {
  auto r = ParseMail(raw, {});
  EXPECT_TRUE(r) << r.error().ToString();
  if (!r) return {};
  EXPECT_EQ(r->raw, raw);
  return *r;
}

std::string Utf8Word(const std::string& utf8) {
  return "=?UTF-8?B?" + Base64Encode(utf8, 0) + "?=";
}

// --- 1. Reply-To without a usable From --------------------------------------------

TEST(MimeParserRealWorldTest, ReplyToWithoutFrom) {
  InboundMessage m = Parse(RawMail(
      "Reply-To: " + Utf8Word("佐藤 花子") + " <Hanako.Sato@Example.JP>\r\nSubject: form\r\n",
      "hello"));
  EXPECT_EQ(m.from_address, "");
  EXPECT_EQ(m.from_name, "");
  EXPECT_EQ(m.reply_to_name, "佐藤 花子");
  EXPECT_EQ(m.reply_to_address, "hanako.sato@example.jp");

  m = Parse(RawMail("From: \r\nReply-To: \"Contact Form\" <Form@Shop.Example>\r\n", "x"));
  EXPECT_EQ(m.from_address, "");
  EXPECT_EQ(m.reply_to_name, "Contact Form");
  EXPECT_EQ(m.reply_to_address, "form@shop.example");

  m = Parse(RawMail("From:    \r\nReply-To: buyer@example.jp\r\n", "x"));
  EXPECT_EQ(m.from_address, "");
  EXPECT_EQ(m.reply_to_name, "");
  EXPECT_EQ(m.reply_to_address, "buyer@example.jp");

  // Both present: both filled.
  m = Parse(
      RawMail("From: Shop Form <noreply@shop.example>\r\nReply-To: Taro <T@Example.jp>\r\n", "x"));
  EXPECT_EQ(m.from_address, "noreply@shop.example");
  EXPECT_EQ(m.reply_to_name, "Taro");
  EXPECT_EQ(m.reply_to_address, "t@example.jp");
}

// --- 2. From headers as mailers really write them -----------------------------------

TEST(MimeParserRealWorldTest, OddFromHeaders) {
  struct Case {
    std::string from, name, address;
  };
  const Case cases[] = {
      {"Taro Yamada taro@example.com", "Taro Yamada", "taro@example.com"},
      {"\"Yamada\" <taro@example.com>>", "Yamada", "taro@example.com"},
      {"< taro@example.com >", "", "taro@example.com"},
      {"Yamada Taro < Taro@Example.com >", "Yamada Taro", "taro@example.com"},
      {"山田 太郎 taro@example.com", "山田 太郎", "taro@example.com"},
      {"\"Yamada, Taro\" taro@example.com", "Yamada, Taro", "taro@example.com"},
      {"MAILER-DAEMON", "", "mailer-daemon"},
      {"MAILER-DAEMON (Mail Delivery System)", "Mail Delivery System", "mailer-daemon"},
      {"Mail Delivery Subsystem <MAILER-DAEMON>", "Mail Delivery Subsystem", "mailer-daemon"},
      {"taro@example.com (Taro)", "Taro", "taro@example.com"},
  };
  for (const Case& c : cases) {
    const InboundMessage m = Parse(RawMail("From: " + c.from + "\r\nSubject: x\r\n", "x"));
    EXPECT_EQ(m.from_name, c.name) << c.from;
    EXPECT_EQ(m.from_address, c.address) << c.from;
  }
  // Garbage without an address is no sender at all.
  EXPECT_EQ(Parse(RawMail("From: undisclosed sender\r\n", "x")).from_address, "");
  EXPECT_EQ(Parse(RawMail("From: Taro Yamada\r\n", "x")).from_address, "");
}

TEST(MimeParserRealWorldTest, FirstUsableOfTwoFromHeaders) {
  const InboundMessage m = Parse(
      RawMail("From: (unknown)\r\nFrom: Taro Yamada <Taro@Example.com>\r\nSubject: x\r\n", "x"));
  EXPECT_EQ(m.from_name, "Taro Yamada");
  EXPECT_EQ(m.from_address, "taro@example.com");
}

TEST(MimeParserRealWorldTest, SenderMailboxKeepsSystemNamesWithoutDomain) {
  EXPECT_EQ(ParseSender("MAILER-DAEMON").address, "mailer-daemon");
  EXPECT_EQ(ParseSender("postmaster").address, "postmaster");
  EXPECT_EQ(ParseSender("someone").address, "");
  // Only the sender: a reply to a bare name would go nowhere.
  EXPECT_EQ(ParseMailbox("MAILER-DAEMON").address, "");
}

// --- 3. Junk before the headers -----------------------------------------------------

const char kHeaders[] =
    "From: Taro Yamada <taro@example.com>\r\nTo: support@shop.example\r\n"
    "Subject: Return request\r\nDate: Mon, 23 Nov 2026 10:00:00 +0900\r\n"
    "Message-ID: <junk1@example.com>\r\nContent-Type: text/plain; charset=utf-8\r\n";

TEST(MimeParserRealWorldTest, JunkLineBeforeTheHeaders) {
  for (const std::string junk :
       {"---- Original email message ----\r\n", "\r\n", "\r\n\r\n",
        "Forwarded by the shop's old system\r\n-----\r\n\r\n", "\xEF\xBB\xBF\r\n"}) {
    const std::string raw = junk + RawMail(kHeaders, "I would like to return it.\r\n");
    const InboundMessage m = Parse(raw);
    EXPECT_EQ(m.from_address, "taro@example.com") << junk;
    EXPECT_EQ(m.subject, "Return request") << junk;
    EXPECT_EQ(m.external_id, "junk1@example.com") << junk;
    EXPECT_EQ(m.text, "I would like to return it.\n") << junk;
    EXPECT_EQ(m.raw, raw);
  }
}

TEST(MimeParserRealWorldTest, TextWithoutHeadersIsNotMistakenForHeaders) {
  // A note that only mentions a header, then plain text: no header block follows.
  const std::string raw = "Hello\r\nFrom: is where you write your name\r\n\r\nThanks\r\n";
  const InboundMessage m = Parse(raw);
  EXPECT_EQ(m.from_address, "");
  EXPECT_EQ(m.subject, "");
}

// --- 4. Empty text/plain beside HTML ------------------------------------------------

TEST(MimeParserRealWorldTest, EmptyPlainPartBesideHtml) {
  for (const std::string plain : {"", "\r\n", "  \r\n \r\n", "\xE3\x80\x80\r\n"}) {
    const InboundMessage m =
        Parse(RawMail("From: a@example.jp\r\nContent-Type: multipart/alternative; boundary=b\r\n",
                      "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + plain +
                          "\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                          "<p>商品が届きません</p>\r\n--b--\r\n"));
    EXPECT_NE(m.text.find("商品が届きません"), std::string::npos) << "[" << plain << "]";
    EXPECT_NE(m.html.find("商品が届きません"), std::string::npos);
  }
}

// --- 5. uuencode ---------------------------------------------------------------------

std::string SomeBytes() {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes.push_back(static_cast<char>((i * 37 + 11) & 0xff));
  return bytes;
}

TEST(MimeParserRealWorldTest, UuencodedAttachmentParts) {
  const std::string bytes = SomeBytes();
  for (const std::string cte : {"x-uuencode", "uuencode", "x-uue", "X-UUEncode"}) {
    const InboundMessage m = Parse(
        RawMail("From: a@example.jp\r\nContent-Type: multipart/mixed; boundary=b\r\n",
                "--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\n"
                "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
                "Content-Transfer-Encoding: " +
                    cte + "\r\nContent-Disposition: attachment; filename=\"data.bin\"\r\n\r\n" +
                    UuEncode(bytes, "data.bin") + "--b--\r\n"));
    ASSERT_EQ(m.attachments.size(), 1u) << cte;
    EXPECT_EQ(m.attachments[0].filename, "data.bin");
    EXPECT_EQ(m.attachments[0].size, 300);
    EXPECT_EQ(m.attachments[0].data, bytes) << cte;
    EXPECT_EQ(m.text, "see attached");
  }
}

TEST(MimeParserRealWorldTest, InlineUuencodedBlockInTheText) {
  const std::string bytes = SomeBytes();
  const InboundMessage m =
      Parse(RawMail("From: a@example.jp\r\nContent-Type: text/plain; charset=utf-8\r\n",
                    "写真を送ります。\r\n\r\n" + UuEncode(bytes, "photo.jpg") +
                        "\r\nよろしくお願いします。\r\n"));
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].filename, "photo.jpg");
  EXPECT_EQ(m.attachments[0].content_type, "image/jpeg");
  EXPECT_EQ(m.attachments[0].data, bytes);
  EXPECT_NE(m.text.find("写真を送ります。"), std::string::npos);
  EXPECT_NE(m.text.find("よろしくお願いします。"), std::string::npos);
  EXPECT_EQ(m.text.find("begin 644"), std::string::npos);
  EXPECT_EQ(m.text.find("\nend"), std::string::npos);
}

TEST(MimeParserRealWorldTest, TextThatOnlyLooksLikeUuencodeStays) {
  const std::string body = "begin 644 is how it starts\r\nbut this is prose.\r\nend\r\n";
  const InboundMessage m =
      Parse(RawMail("From: a@example.jp\r\nContent-Type: text/plain\r\n", body));
  EXPECT_TRUE(m.attachments.empty());
  EXPECT_NE(m.text.find("but this is prose."), std::string::npos);
}

// --- 6. base64 without its final padding ---------------------------------------------

TEST(MimeParserRealWorldTest, UnpaddedBase64DecodesWhole) {
  const std::string text = "返品をお願いします。ABCD";  // length not a multiple of 3
  for (const std::string tail : {"", "X", "XY"}) {
    const std::string body = text + tail;
    const InboundMessage m =
        Parse(RawMail("From: a@example.jp\r\nContent-Type: text/plain; charset=utf-8\r\n"
                      "Content-Transfer-Encoding: base64\r\n",
                      WithoutPadding(Base64Encode(body)) + "\r\n"));
    EXPECT_EQ(m.text, body);
  }
  const InboundMessage abcd = Parse(RawMail(
      "From: a@example.jp\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n",
      "QUJDRA\r\n"));
  EXPECT_EQ(abcd.text, "ABCD");
  EXPECT_FALSE(abcd.flags.decode_failed);
}

TEST(MimeParserRealWorldTest, UnpaddedBase64AttachmentAndWord) {
  for (const std::string data : {"%PDF-1.4 x", "%PDF-1.4 xy", "%PDF-1.4 xyz"}) {
    const InboundMessage m = Parse(RawMail(
        "From: a@example.jp\r\nContent-Type: multipart/mixed; boundary=b\r\n",
        "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\n"
        "Content-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
            WithoutPadding(Base64Encode(data)) + "\r\n--b--\r\n"));
    ASSERT_EQ(m.attachments.size(), 1u);
    EXPECT_EQ(m.attachments[0].data, data);
  }
  const std::string subject = "返品について！";
  const InboundMessage m = Parse(RawMail("From: a@example.jp\r\nSubject: =?UTF-8?B?" +
                                             WithoutPadding(Base64Encode(subject, 0)) + "?=\r\n",
                                         "x"));
  EXPECT_EQ(m.subject, subject);
}

// --- 7. Undeclared 8-bit header bytes -------------------------------------------------

TEST(MimeParserRealWorldTest, RawHeaderBytesInTheMailsOwnCharset) {
  const InboundMessage gb =
      Parse(RawMail("From: " + ToCharset("王小明", "GB2312") +
                        " <wang@example.cn>\r\nSubject: " + ToCharset("退货申请 订单", "GB2312") +
                        "\r\nContent-Type: text/plain; charset=gb2312\r\n",
                    ToCharset("你好\r\n", "GB2312")));
  EXPECT_EQ(gb.subject, "退货申请 订单");
  EXPECT_EQ(gb.from_name, "王小明");
  EXPECT_EQ(gb.text, "你好\n");

  const InboundMessage latin =
      Parse(RawMail("From: " + ToCharset("José Müller", "ISO-8859-1") +
                        " <jose@example.de>\r\nSubject: " + ToCharset("Café résumé", "ISO-8859-1") +
                        "\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n",
                    "x"));
  EXPECT_EQ(latin.subject, "Café résumé");
  EXPECT_EQ(latin.from_name, "José Müller");

  // The charset of the first text part when the top level is multipart.
  const InboundMessage multi =
      Parse(RawMail("From: a@example.cn\r\nSubject: " + ToCharset("发货了吗", "GB2312") +
                        "\r\nContent-Type: multipart/alternative; boundary=b\r\n",
                    "--b\r\nContent-Type: text/plain; charset=GB2312\r\n\r\nx\r\n--b--\r\n"));
  EXPECT_EQ(multi.subject, "发货了吗");

  // UTF-8 bytes are UTF-8 whatever the label; no label: UTF-8, then CP932.
  EXPECT_EQ(Parse(RawMail("Subject: 返品\r\nContent-Type: text/plain; charset=iso-8859-1\r\n", "x"))
                .subject,
            "返品");
  EXPECT_EQ(Parse(RawMail("Subject: " + ToCharset("①㈱", "CP932") + "\r\n", "x")).subject, "①㈱");
  // ISO-2022-JP in a header without encoded words is still read as such.
  EXPECT_EQ(Parse(RawMail("Subject: " + ToCharset("返品", "ISO-2022-JP") +
                              "\r\nContent-Type: text/plain; charset=gb2312\r\n",
                          "x"))
                .subject,
            "返品");
}

// --- 8. UTF-7 -------------------------------------------------------------------------

TEST(MimeParserRealWorldTest, Utf7Bodies) {
  const std::string text = "こんにちは、返品の件です。";
  for (const std::string label : {"utf-7", "UTF-7", "unicode-1-1-utf-7", "x-unicode20utf7",
                                  "x-unicode-2-0-utf-7", "csUnicode11UTF7"}) {
    const InboundMessage m =
        Parse(RawMail("From: a@example.jp\r\nContent-Type: text/plain; charset=" + label + "\r\n",
                      ToCharset(text, "UTF-7")));
    EXPECT_EQ(m.text, text) << label;
    EXPECT_FALSE(m.flags.decode_failed) << label;
  }
}

// --- 9. Encoded display names with commas ---------------------------------------------

TEST(MimeParserRealWorldTest, EncodedDisplayNameWithACommaIsOneMailbox) {
  const std::string b = Utf8Word("Yamada, Taro") + " <taro@example.com>";
  InboundMessage m = Parse(RawMail("From: " + b + "\r\n", "x"));
  EXPECT_EQ(m.from_name, "Yamada, Taro");
  EXPECT_EQ(m.from_address, "taro@example.com");
  const auto boxes = ParseMailboxList(b + ", =?UTF-8?Q?Sato,_Hanako?= <hanako@example.com>");
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_EQ(boxes[0].name, "Yamada, Taro");
  EXPECT_EQ(boxes[1].name, "Sato, Hanako");
  EXPECT_EQ(boxes[1].address, "hanako@example.com");
  m = Parse(RawMail("From: =?UTF-8?Q?Yamada,_Taro?= <taro@example.com>\r\n", "x"));
  EXPECT_EQ(m.from_name, "Yamada, Taro");
  EXPECT_EQ(m.from_address, "taro@example.com");
}

// --- 10. Delivery status notifications ------------------------------------------------

const std::string kOriginalSubject = "ご注文の発送について";

std::string DsnMail(const std::string& returned_part) {
  return RawMail(
      "From: Mail Delivery System <MAILER-DAEMON@mx.shop.example>\r\n"
      "To: support@shop.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
      "Message-ID: <dsn1@mx.shop.example>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\r\n",
      "--R\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
      "This is the mail system at host mx.shop.example.\r\n\r\n"
      "<no-such-user@example.jp>: host mx.example.jp said: 550 5.1.1 User unknown\r\n"
      "\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\n"
      "Reporting-MTA: dns; mx.shop.example\r\nArrival-Date: Mon, 23 Nov 2026 10:00:01 +0900\r\n"
      "\r\nFinal-Recipient: rfc822; No-Such-User@Example.JP\r\n"
      "Original-Recipient: rfc822;no-such-user@example.jp\r\nAction: failed\r\n"
      "Status: 5.1.1\r\nRemote-MTA: dns; mx.example.jp\r\n"
      "Diagnostic-Code: smtp; 550 5.1.1 <no-such-user@example.jp>:\r\n"
      "    Recipient address rejected: User unknown\r\n\r\n" +
          returned_part + "--R--\r\n");
}

const std::string kReturnedHeaders =
    "From: support@shop.example\r\nTo: no-such-user@example.jp\r\n"
    "Subject: " +
    Utf8Word(kOriginalSubject) +
    "\r\nMessage-ID: <sd.42.1a2b@shop.example>\r\n"
    "In-Reply-To: <cust.9@example.jp>\r\n"
    "References: <first.1@example.jp>\r\n <sd.41.0a0a@shop.example> <cust.9@example.jp>\r\n";

void ExpectFailedRecipient(const DeliveryReport& r) {
  EXPECT_EQ(r.failed_recipient, "no-such-user@example.jp");
  EXPECT_EQ(r.action, "failed");
  EXPECT_EQ(r.status, "5.1.1");
  EXPECT_EQ(r.diagnostic,
            "smtp; 550 5.1.1 <no-such-user@example.jp>: Recipient address rejected: User unknown");
}

TEST(MimeParserRealWorldTest, DsnWithReturnedHeaders) {
  const InboundMessage m = Parse(
      DsnMail("--R\r\nContent-Type: text/rfc822-headers\r\n\r\n" + kReturnedHeaders + "\r\n"));
  EXPECT_TRUE(m.flags.bounce);
  ASSERT_TRUE(m.delivery_report.has_value());
  const DeliveryReport& r = *m.delivery_report;
  ExpectFailedRecipient(r);
  EXPECT_EQ(r.returned_message_ids,
            (std::vector<std::string>{"sd.42.1a2b@shop.example", "cust.9@example.jp",
                                      "sd.41.0a0a@shop.example", "first.1@example.jp"}));
  EXPECT_EQ(r.returned_subject, kOriginalSubject);
  EXPECT_TRUE(m.attachments.empty());  // neither delivery-status.txt nor attachment.txt
  EXPECT_NE(m.text.find("550 5.1.1 User unknown"), std::string::npos);
  EXPECT_EQ(m.external_id, "dsn1@mx.shop.example");
}

TEST(MimeParserRealWorldTest, DsnWithTheWholeReturnedMessage) {
  const InboundMessage m =
      Parse(DsnMail("--R\r\nContent-Type: message/rfc822\r\n\r\n" + kReturnedHeaders +
                    "Content-Type: text/plain; charset=utf-8\r\n\r\nお届けは明日です。\r\n\r\n"));
  ASSERT_TRUE(m.delivery_report.has_value());
  ExpectFailedRecipient(*m.delivery_report);
  EXPECT_EQ(m.delivery_report->returned_message_ids.front(), "sd.42.1a2b@shop.example");
  EXPECT_EQ(m.delivery_report->returned_message_ids.size(), 4u);
  EXPECT_EQ(m.delivery_report->returned_subject, kOriginalSubject);
  ASSERT_EQ(m.attachments.size(), 1u);  // the returned mail stays readable
  EXPECT_EQ(m.attachments[0].content_type, "message/rfc822");
}

TEST(MimeParserRealWorldTest, DsnWithMissingOrBrokenReturnedHeaders) {
  for (const std::string& returned :
       {std::string(),
        std::string("--R\r\nContent-Type: text/rfc822-headers\r\n\r\n"
                    "this is not a header block\r\n\x01\xff\r\n\r\n"),
        std::string("--R\r\nContent-Type: text/rfc822-headers\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\n!!!!\r\n\r\n")}) {
    const InboundMessage m = Parse(DsnMail(returned));
    EXPECT_TRUE(m.flags.bounce);
    ASSERT_TRUE(m.delivery_report.has_value());
    ExpectFailedRecipient(*m.delivery_report);
    EXPECT_TRUE(m.delivery_report->returned_message_ids.empty());
    EXPECT_TRUE(m.attachments.empty());
  }
}

TEST(MimeParserRealWorldTest, DsnRecipientFieldsVariants) {
  // Several recipients: the first that failed; Status with a comment; X-Failed-Recipients.
  const InboundMessage m = Parse(RawMail(
      "From: postmaster@mx.example\r\nX-Failed-Recipients: other@example.jp\r\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=R\r\n",
      "--R\r\nContent-Type: text/plain\r\n\r\nSome mail was delayed or failed.\r\n"
      "--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example\r\n\r\n"
      "Original-Recipient: rfc822;late@example.jp\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n"
      "Final-Recipient: RFC822; <Gone@Example.JP>\r\nAction: Failed\r\n"
      "Status: 5.1.1 (bad destination mailbox address)\r\n--R--\r\n"));
  ASSERT_TRUE(m.delivery_report.has_value());
  EXPECT_EQ(m.delivery_report->failed_recipient, "gone@example.jp");
  EXPECT_EQ(m.delivery_report->action, "failed");
  EXPECT_EQ(m.delivery_report->status, "5.1.1");
  EXPECT_EQ(m.delivery_report->diagnostic, "");
}

TEST(MimeParserRealWorldTest, QmailBounceQuotesTheOriginal) {
  const InboundMessage m = Parse(RawMail(
      "Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example.net\r\nTo: support@shop.example\r\n"
      "Subject: failure notice\r\n",
      "Hi. This is the qmail-send program at mx.example.net.\r\n"
      "I'm afraid I wasn't able to deliver your message to the following addresses.\r\n"
      "This is a permanent error; I've given up. Sorry it didn't work out.\r\n\r\n"
      "<Nobody@Example.JP>:\r\n192.0.2.1 does not like recipient.\r\n"
      "Remote host said: 550 5.1.1 <nobody@example.jp>... User unknown\r\n"
      "Giving up on 192.0.2.1.\r\n\r\n"
      "--- Below this line is a copy of the message.\r\n\r\n"
      "Return-Path: <support@shop.example>\r\nReceived: (qmail 1234 invoked by uid 0); 23 Nov "
      "2026 01:00:00 -0000\r\nMessage-ID: <sd.7.abc@shop.example>\r\n"
      "Subject: " +
          Utf8Word(kOriginalSubject) +
          "\r\nFrom: support@shop.example\r\nTo: nobody@example.jp\r\n\r\n"
          "Message-ID: <not-this@example.jp> is quoted in the body\r\n"));
  EXPECT_TRUE(m.flags.bounce);
  ASSERT_TRUE(m.delivery_report.has_value());
  EXPECT_EQ(m.delivery_report->returned_message_ids,
            (std::vector<std::string>{"sd.7.abc@shop.example"}));
  EXPECT_EQ(m.delivery_report->returned_subject, kOriginalSubject);
  EXPECT_EQ(m.delivery_report->failed_recipient, "nobody@example.jp");
  EXPECT_NE(m.text.find("qmail-send program"), std::string::npos);
}

TEST(MimeParserRealWorldTest, EximBounceWithXFailedRecipients) {
  const InboundMessage m = Parse(RawMail(
      "From: Mail Delivery System <Mailer-Daemon@mx.example.org>\r\n"
      "X-Failed-Recipients: Lost@Example.ORG\r\nAuto-Submitted: auto-replied\r\n"
      "Subject: Mail delivery failed: returning message to sender\r\n",
      "This message was created automatically by mail delivery software.\r\n\r\n"
      "A message that you sent could not be delivered to one or more of its\r\n"
      "recipients. This is a permanent error. The following address(es) failed:\r\n\r\n"
      "  lost@example.org\r\n    mailbox is full\r\n\r\n"
      "------ This is a copy of the message, including all the headers. ------\r\n\r\n"
      "Received: from shop.example\r\n\tby mx.example.org; Mon, 23 Nov 2026 10:00:00 +0900\r\n"
      "Message-Id: <sd.8.def@shop.example>\r\nReferences: <c1@example.org>\r\n"
      "Subject: Re: order 1001\r\n\r\nbody\r\n"));
  ASSERT_TRUE(m.delivery_report.has_value());
  EXPECT_EQ(m.delivery_report->failed_recipient, "lost@example.org");
  EXPECT_EQ(m.delivery_report->returned_message_ids,
            (std::vector<std::string>{"sd.8.def@shop.example", "c1@example.org"}));
  EXPECT_EQ(m.delivery_report->returned_subject, "Re: order 1001");
}

TEST(MimeParserRealWorldTest, JapaneseProviderBounceQuotesTheOriginal) {
  const InboundMessage m = Parse(
      RawMail("Return-Path: <>\r\nFrom: MAILER-DAEMON@mail.example.ne.jp\r\n"
              "Subject: =?ISO-2022-JP?B?" +
                  Base64Encode(ToCharset("配送エラー", "ISO-2022-JP"), 0) +
                  "?=\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\n",
              ToCharset("以下のメールは配送できませんでした。\r\n宛先: user@example.ne.jp\r\n\r\n"
                        "------ 元のメッセージ ------\r\n"
                        "> Message-ID: <sd.9.ghi@shop.example>\r\n"
                        "> Subject: =?UTF-8?B?" +
                            Base64Encode(kOriginalSubject, 0) + "?=\r\n> \r\n> 本文\r\n",
                        "ISO-2022-JP")));
  EXPECT_TRUE(m.flags.bounce);
  ASSERT_TRUE(m.delivery_report.has_value());
  EXPECT_EQ(m.delivery_report->returned_message_ids,
            (std::vector<std::string>{"sd.9.ghi@shop.example"}));
  EXPECT_EQ(m.delivery_report->returned_subject, kOriginalSubject);
  EXPECT_NE(m.text.find("配送できませんでした"), std::string::npos);
}

TEST(MimeParserRealWorldTest, NoReportForOrdinaryMail) {
  const InboundMessage m = Parse(RawMail(
      "From: taro@example.jp\r\nSubject: x\r\n",
      "--- Below this line is a copy of the message.\r\n\r\nMessage-ID: <q@example.jp>\r\n"));
  EXPECT_FALSE(m.flags.bounce);
  EXPECT_FALSE(m.delivery_report.has_value());
  // A delivery-status part in a mail that is no bounce stays an attachment.
  const InboundMessage forwarded =
      Parse(RawMail("From: taro@example.jp\r\nContent-Type: multipart/mixed; boundary=b\r\n",
                    "--b\r\nContent-Type: text/plain\r\n\r\nsee below\r\n--b\r\n"
                    "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; x\r\n\r\n"
                    "Final-Recipient: rfc822; a@b.example\r\nAction: failed\r\n--b--\r\n"));
  EXPECT_FALSE(forwarded.flags.bounce);
  EXPECT_FALSE(forwarded.delivery_report.has_value());
  EXPECT_EQ(forwarded.attachments.size(), 1u);
}

}  // namespace
}  // namespace shopdesk::channels::email
