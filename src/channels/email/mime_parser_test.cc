#include "channels/email/mime_parser.h"

#include <gtest/gtest.h>

#include "channels/email/transfer_encoding.h"
#include "testing/mail_builder.h"

namespace shopdesk::channels::email {
namespace {

using testing::RawMail;
using testing::ToCharset;

InboundMessage Parse(const std::string& raw, std::int64_t max_attachment = 25 << 20) {
  ParseOptions options;
  options.max_attachment_bytes = max_attachment;
  auto r = ParseMail(raw, options);
  EXPECT_TRUE(r) << r.error().ToString();
  return r ? *r : InboundMessage{};
}

std::string JisWord(const std::string& utf8) {
  return "=?ISO-2022-JP?B?" + Base64Encode(ToCharset(utf8, "ISO-2022-JP"), 0) + "?=";
}

TEST(MimeParserTest, Iso2022JpMailWithEncodedSubjectAndName) {
  const std::string subject = "注文番号 250-1234567-1234567 について";
  const std::string raw = RawMail(
      "From: " + JisWord("山田 太郎") + " <Taro.Yamada@Example.JP>\r\n" +
          "To: Support <support@sakura.example>, other@sakura.example\r\n"
          "Reply-To: <Reply@Example.JP>\r\nSubject: " +
          JisWord(subject) +
          "\r\nMessage-ID: <abc@mail.example.jp>\r\nIn-Reply-To: <prev@sakura.example>\r\n"
          "References: <first@sakura.example>\r\n <prev@sakura.example>\r\n"
          "Date: Mon, 23 Nov 2026 10:00:00 +0900\r\nMIME-Version: 1.0\r\n"
          "Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n",
      ToCharset("いつもお世話になっております。\r\n", "ISO-2022-JP"));
  const InboundMessage m = Parse(raw);
  EXPECT_EQ(m.raw, raw);
  EXPECT_EQ(m.subject, subject);
  EXPECT_EQ(m.from_name, "山田 太郎");
  EXPECT_EQ(m.from_address, "taro.yamada@example.jp");
  EXPECT_EQ(m.to_address, "support@sakura.example");
  EXPECT_EQ(m.reply_to_address, "reply@example.jp");
  EXPECT_EQ(m.external_id, "abc@mail.example.jp");
  EXPECT_EQ(m.in_reply_to, "prev@sakura.example");
  EXPECT_EQ(m.references,
            (std::vector<std::string>{"first@sakura.example", "prev@sakura.example"}));
  EXPECT_EQ(m.text, "いつもお世話になっております。\n");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(*m.date, 1795395600000);  // 2026-11-23T01:00:00Z
  EXPECT_FALSE(m.flags.decode_failed);
  EXPECT_TRUE(m.decode_note.empty());
  EXPECT_TRUE(m.attachments.empty());
}

TEST(MimeParserTest, MicrosoftIso2022JpExtensionsInSubjectAndBody) {
  const std::string raw = RawMail("From: a@example.jp\r\nSubject: =?iso-2022-jp?B?" +
                                      Base64Encode("\x1b$B-!-j\x1b(B", 0) +
                                      "?=\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n",
                                  "\x1b$B-!-j!A|b\x1b(B\r\n");
  const InboundMessage m = Parse(raw);
  EXPECT_EQ(m.subject, "①㈱");
  EXPECT_EQ(m.text, "①㈱～髙\n");
}

TEST(MimeParserTest, ShiftJisBodyAndRawEightBitHeaders) {
  const std::string body = "①㈱～髙橋です。\r\n";
  const InboundMessage m = Parse(RawMail(
      "From: " + ToCharset("髙橋", "CP932") +
          " <t@example.jp>\r\nSubject: " + ToCharset("領収書 ①", "CP932") +
          "\r\nContent-Type: text/plain; charset=Shift_JIS\r\nContent-Transfer-Encoding: 8bit\r\n",
      ToCharset(body, "CP932")));
  EXPECT_EQ(m.text, "①㈱～髙橋です。\n");
  EXPECT_EQ(m.subject, "領収書 ①");
  EXPECT_EQ(m.from_name, "髙橋");
}

TEST(MimeParserTest, EucJpAndUtf8TransferEncodings) {
  const std::string text = "ご確認ください";
  EXPECT_EQ(
      Parse(RawMail("Content-Type: text/plain; charset=EUC-JP\r\n", ToCharset(text, "EUC-JP")))
          .text,
      text);
  EXPECT_EQ(
      Parse(RawMail(
                "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
                Base64Encode(text)))
          .text,
      text);
  EXPECT_EQ(Parse(RawMail("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
                          "quoted-printable\r\n",
                          "=E3=81=94=E7=A2=BA=E8=AA=8D=E3=81=8F=\r\n=E3=81=A0=E3=81=95=E3=81=84"))
                .text,
            text);
}

TEST(MimeParserTest, UnlabeledIso2022JpBodyIsDecoded) {
  const std::string text = "文字コードの指定がありません";
  const InboundMessage m =
      Parse(RawMail("From: a@example.jp\r\nSubject: x\r\n", ToCharset(text, "ISO-2022-JP")));
  EXPECT_EQ(m.text, text);
  EXPECT_FALSE(m.flags.decode_failed);
}

TEST(MimeParserTest, FormatFlowed) {
  const InboundMessage m =
      Parse(RawMail("Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n",
                    "長い行を折り返して \r\n送ります。\r\n> 引用 \r\n> 続き\r\n"));
  EXPECT_EQ(m.text, "長い行を折り返して送ります。\n> 引用続き\n");
}

TEST(MimeParserTest, PrefersPlainTextAndSanitizesHtml) {
  const std::string raw =
      RawMail("Content-Type: multipart/alternative; boundary=\"b\"\r\n",
              "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nプレーン\r\n--b\r\n"
              "Content-Type: text/html; charset=utf-8\r\n\r\n<p>HTML<script>alert(1)</script>"
              "<img src=\"https://t.example/p.gif\" onerror=\"x()\"></p>\r\n--b--\r\n");
  const InboundMessage m = Parse(raw);
  EXPECT_EQ(m.text, "プレーン");  // the CRLF before a boundary belongs to it
  EXPECT_EQ(m.html.find("script"), std::string::npos);
  EXPECT_EQ(m.html.find("onerror"), std::string::npos);
  EXPECT_NE(m.html.find("data-blocked-src"), std::string::npos);
}

TEST(MimeParserTest, HtmlOnlyMailGetsTextDerivedFromHtml) {
  const InboundMessage m =
      Parse(RawMail("Content-Type: text/html; charset=Shift_JIS\r\n",
                    ToCharset("<html><body><p>お世話になります。</p><p>返品希望です①</p>"
                              "<script>alert(1)</script></body></html>",
                              "CP932")));
  EXPECT_EQ(m.text, "お世話になります。\n\n返品希望です①");
  EXPECT_NE(m.html.find("<p>返品希望です①</p>"), std::string::npos);
  EXPECT_EQ(m.html.find("script"), std::string::npos);
}

TEST(MimeParserTest, AttachmentsWithRfc2231AndRfc2047Names) {
  const std::string jis_name = ToCharset("見積書.xlsx", "ISO-2022-JP");
  std::string pct;
  for (unsigned char c : jis_name) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", c);
    pct += buf;
  }
  const std::string raw = RawMail(
      "Content-Type: multipart/mixed; boundary=\"m\"\r\n",
      "--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n写真です\r\n--m\r\n"
      "Content-Type: image/jpeg\r\nContent-Disposition: attachment;\r\n"
      " filename*0*=UTF-8''%E7%A0%B4%E6%90%8D;\r\n filename*1*=%E5%86%99%E7%9C%9F.jpg\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
          Base64Encode("JPEGDATA") + "--m\r\nContent-Type: application/pdf; name=\"=?UTF-8?B?" +
          Base64Encode("請求書.pdf", 0) +
          "?=\"\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
          Base64Encode("%PDF-1.4") +
          "--m\r\nContent-Type: text/plain\r\n"
          "Content-Disposition: attachment; filename=\"../../etc/passwd\"\r\n\r\nroot\r\n"
          "--m\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment;"
          " filename*=ISO-2022-JP''" +
          pct + "\r\n\r\nxls\r\n--m\r\nContent-Type: application/octet-stream; name=" +
          ToCharset("納品書.txt", "CP932") +
          "\r\n\r\nraw name\r\n--m\r\nContent-Type: application/octet-stream\r\n"
          "Content-Disposition: attachment; filename=\"C:\\Users\\a\\\x01"
          "evil.exe\"\r\n\r\nx\r\n"
          "--m--\r\n");
  const InboundMessage m = Parse(raw);
  ASSERT_EQ(m.attachments.size(), 6u);
  EXPECT_EQ(m.attachments[0].filename, "破損写真.jpg");
  EXPECT_EQ(m.attachments[0].content_type, "image/jpeg");
  EXPECT_EQ(m.attachments[0].data, "JPEGDATA");
  EXPECT_EQ(m.attachments[0].size, 8);
  EXPECT_FALSE(m.attachments[0].inline_part);
  EXPECT_EQ(m.attachments[1].filename, "請求書.pdf");
  EXPECT_EQ(m.attachments[1].data, "%PDF-1.4");
  EXPECT_EQ(m.attachments[2].filename, "passwd");  // never a path
  EXPECT_EQ(m.attachments[2].data, "root");
  EXPECT_EQ(m.attachments[3].filename, "見積書.xlsx");
  EXPECT_EQ(m.attachments[4].filename, "納品書.txt");
  EXPECT_EQ(m.attachments[5].filename, "evil.exe");
  EXPECT_EQ(m.text, "写真です");
  EXPECT_FALSE(m.flags.decode_failed);
}

TEST(MimeParserTest, InlineImagesByContentId) {
  const InboundMessage m = Parse(RawMail(
      "Content-Type: multipart/related; boundary=\"r\"\r\n",
      "--r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>ロゴ<img src=\"cid:logo@shop\">"
      "</p>\r\n--r\r\nContent-Type: image/png\r\nContent-ID: <logo@shop>\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
          Base64Encode("PNGDATA") + "--r--\r\n"));
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_TRUE(m.attachments[0].inline_part);
  EXPECT_EQ(m.attachments[0].content_id, "logo@shop");
  EXPECT_EQ(m.attachments[0].filename, "image.png");
  EXPECT_EQ(m.attachments[0].data, "PNGDATA");
  EXPECT_NE(m.html.find("src=\"cid:logo@shop\""), std::string::npos);
  EXPECT_EQ(m.text, "ロゴ");
}

TEST(MimeParserTest, ForwardedMessageIsAnEmlAttachment) {
  const InboundMessage m =
      Parse(RawMail("Content-Type: multipart/mixed; boundary=\"f\"\r\n",
                    "--f\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n転送します\r\n--f\r\n"
                    "Content-Type: message/rfc822\r\n\r\nFrom: x@example.jp\r\nSubject: " +
                        JisWord("元のメール") + "\r\n\r\ninner body\r\n--f--\r\n"));
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_EQ(m.attachments[0].content_type, "message/rfc822");
  EXPECT_EQ(m.attachments[0].filename, "元のメール.eml");
  EXPECT_NE(m.attachments[0].data.find("inner body"), std::string::npos);
  EXPECT_EQ(m.text, "転送します");
}

TEST(MimeParserTest, OversizedAttachmentIsReplacedByANoteAndRawKept) {
  const std::string big(3 * 1024 * 1024, 'x');
  const std::string raw = RawMail(
      "Content-Type: multipart/mixed; boundary=\"m\"\r\n",
      "--m\r\nContent-Type: text/plain\r\n\r\nhi\r\n--m\r\nContent-Type: application/zip\r\n"
      "Content-Disposition: attachment; filename=big.zip\r\nContent-Transfer-Encoding: "
      "base64\r\n\r\n" +
          Base64Encode(big) +
          "--m\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=small.txt"
          "\r\n\r\nsmall\r\n--m--\r\n");
  const InboundMessage m = Parse(raw, /*max_attachment=*/1024 * 1024);
  ASSERT_EQ(m.attachments.size(), 2u);
  EXPECT_TRUE(m.attachments[0].dropped);
  EXPECT_TRUE(m.attachments[0].data.empty());
  EXPECT_EQ(m.attachments[0].size, 3 * 1024 * 1024);
  EXPECT_FALSE(m.attachments[1].dropped);
  EXPECT_EQ(m.attachments[1].data, "small");
  EXPECT_TRUE(m.flags.attachment_dropped);
  EXPECT_FALSE(m.flags.decode_failed);
  EXPECT_NE(m.decode_note.find("添付ファイル「big.zip」(3.0 MB)は上限を超えたため保存していません"),
            std::string::npos);
  EXPECT_NE(m.decode_note.find("over the size limit"), std::string::npos);
  EXPECT_EQ(m.raw, raw);
}

TEST(MimeParserTest, AutoReplyBulkAndBounceFlags) {
  EXPECT_TRUE(Parse(RawMail("Auto-Submitted: auto-replied\r\n", "x")).flags.auto_submitted);
  EXPECT_TRUE(Parse(RawMail("Auto-Submitted: Auto-Generated; x=1\r\n", "x")).flags.auto_submitted);
  EXPECT_FALSE(Parse(RawMail("Auto-Submitted: no\r\n", "x")).flags.auto_submitted);
  EXPECT_FALSE(Parse(RawMail("Auto-Submitted: No (human)\r\n", "x")).flags.auto_submitted);
  EXPECT_TRUE(Parse(RawMail("X-Autoreply: yes\r\n", "x")).flags.auto_submitted);
  EXPECT_TRUE(Parse(RawMail("X-Autorespond: yes\r\n", "x")).flags.auto_submitted);
  EXPECT_FALSE(Parse(RawMail("X-Auto-Response-Suppress: All\r\n", "x")).flags.auto_submitted);
  EXPECT_TRUE(Parse(RawMail("Precedence: bulk\r\n", "x")).flags.bulk);
  EXPECT_TRUE(Parse(RawMail("Precedence: List\r\n", "x")).flags.bulk);
  EXPECT_TRUE(Parse(RawMail("Precedence: junk\r\n", "x")).flags.bulk);
  EXPECT_TRUE(Parse(RawMail("List-Id: <news.example>\r\n", "x")).flags.bulk);
  EXPECT_TRUE(Parse(RawMail("List-Unsubscribe: <mailto:u@x>\r\n", "x")).flags.bulk);
  EXPECT_FALSE(Parse(RawMail("Precedence: first-class\r\n", "x")).flags.bulk);
  const InboundMessage plain = Parse(RawMail("From: a@example.jp\r\n", "x"));
  EXPECT_FALSE(plain.flags.auto_submitted || plain.flags.bulk || plain.flags.bounce);
}

TEST(MimeParserTest, BounceDetection) {
  const std::string report =
      "--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed\r\n--r\r\n"
      "Content-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--r--\r\n";
  EXPECT_TRUE(Parse(RawMail("From: a@b.example\r\nContent-Type: multipart/report; "
                            "report-type=delivery-status; boundary=r\r\n",
                            report))
                  .flags.bounce);
  // MAILER-DAEMON with a delivery-status part but another container.
  EXPECT_TRUE(Parse(RawMail("From: MAILER-DAEMON@mx.example\r\n"
                            "Content-Type: multipart/mixed; boundary=r\r\n",
                            report))
                  .flags.bounce);
  // qmail style: plain text from MAILER-DAEMON with the null sender.
  EXPECT_TRUE(Parse(RawMail("Return-Path: <>\r\nFrom: MAILER-DAEMON@mx.example\r\n", "failed"))
                  .flags.bounce);
  // A person writing from postmaster@ is not a bounce; neither is a read receipt.
  EXPECT_FALSE(Parse(RawMail("From: postmaster@shop.example\r\n", "hello")).flags.bounce);
  EXPECT_FALSE(Parse(RawMail("Content-Type: multipart/report; report-type=disposition-"
                             "notification; boundary=r\r\n",
                             "--r\r\n\r\nread\r\n--r--\r\n"))
                   .flags.bounce);
}

TEST(MimeParserTest, EmptyInputIsAnError) {
  EXPECT_TRUE(IsEmptyInput(""));
  EXPECT_FALSE(IsEmptyInput("x"));
  auto r = ParseMail("", {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace shopdesk::channels::email
