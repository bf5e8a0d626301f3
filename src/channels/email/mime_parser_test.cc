#include "channels/email/mime_parser.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

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

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(MimeParserTest, Iso2022JpMailWithEncodedSubjectAndName) {
  const std::string subject = "注文番号 250-1234567-1234567 について";
  const std::string raw = RawMail(
      "From: =?ISO-2022-JP?B?" + Base64Encode(ToCharset("山田 太郎", "ISO-2022-JP"), 0) +
          "?= <Taro.Yamada@Example.JP>\r\nTo: support@sakura.example\r\nSubject: =?ISO-2022-JP?B?" +
          Base64Encode(ToCharset(subject, "ISO-2022-JP"), 0) +
          "?=\r\nMessage-ID: <abc@mail.example.jp>\r\nIn-Reply-To: <prev@sakura.example>\r\n"
          "References: <first@sakura.example>\r\n <prev@sakura.example>\r\n"
          "Date: Mon, 23 Nov 2026 10:00:00 +0900\r\nMIME-Version: 1.0\r\n"
          "Content-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n",
      ToCharset("いつもお世話になっております。\r\n", "ISO-2022-JP"));
  const InboundMessage m = Parse(raw);
  EXPECT_EQ(m.raw, raw);
  EXPECT_EQ(m.subject, subject);
  EXPECT_EQ(m.from_name, "山田 太郎");
  EXPECT_EQ(m.from_address, "taro.yamada@example.jp");
  EXPECT_EQ(m.external_id, "abc@mail.example.jp");
  EXPECT_EQ(m.in_reply_to, "prev@sakura.example");
  EXPECT_EQ(m.references,
            (std::vector<std::string>{"first@sakura.example", "prev@sakura.example"}));
  EXPECT_EQ(m.text, "いつもお世話になっております。\r\n");
  ASSERT_TRUE(m.date.has_value());
  EXPECT_EQ(*m.date, 1795395600000);  // 2026-11-23T01:00:00Z
  EXPECT_FALSE(m.flags.decode_failed);
}

TEST(MimeParserTest, MicrosoftIso2022JpExtensionsInSubjectAndBody) {
  const std::string raw = RawMail("From: a@example.jp\r\nSubject: =?iso-2022-jp?B?" +
                                      Base64Encode("\x1b$B-!-j\x1b(B", 0) +
                                      "?=\r\nContent-Type: text/plain; charset=iso-2022-jp\r\n",
                                  "\x1b$B-!-j!A\x1b(B\r\n");
  const InboundMessage m = Parse(raw);
  EXPECT_EQ(m.subject, "①㈱");
  EXPECT_EQ(m.text, "①㈱～\r\n");
}

TEST(MimeParserTest, ShiftJisBodyKeepsWhatTheCustomerTyped) {
  const std::string body = "①㈱～髙橋です。\r\n";
  const InboundMessage m = Parse(RawMail(
      "From: a@example.jp\r\nSubject: test\r\nContent-Type: text/plain; charset=Shift_JIS\r\n"
      "Content-Transfer-Encoding: 8bit\r\n",
      ToCharset(body, "CP932")));
  EXPECT_EQ(m.text, body);
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
                          "=E3=81=94=E7=A2=BA=E8=AA=8D=E3=81=8F=E3=81=A0=E3=81=95=E3=81=84"))
                .text,
            text);
}

TEST(MimeParserTest, UnlabeledIso2022JpBodyIsDecoded) {
  const std::string text = "文字コードの指定がありません";
  const InboundMessage m =
      Parse(RawMail("From: a@example.jp\r\nSubject: x\r\n", ToCharset(text, "ISO-2022-JP")));
  EXPECT_EQ(m.text, text);
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
      Parse(RawMail("Content-Type: text/html; charset=utf-8\r\n",
                    "<html><body><p>お世話になります。</p><p>返品希望です</p></body></html>"));
  EXPECT_EQ(m.text, "お世話になります。\n\n返品希望です");
  EXPECT_FALSE(m.html.empty());
}

TEST(MimeParserTest, AttachmentsWithRfc2231AndRfc2047Names) {
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
          "Content-Disposition: attachment; "
          "filename=\"../../etc/passwd\"\r\n\r\nroot\r\n--m--\r\n");
  const InboundMessage m = Parse(raw);
  ASSERT_EQ(m.attachments.size(), 3u);
  EXPECT_EQ(m.attachments[0].filename, "破損写真.jpg");
  EXPECT_EQ(m.attachments[0].content_type, "image/jpeg");
  EXPECT_EQ(m.attachments[0].data, "JPEGDATA");
  EXPECT_EQ(m.attachments[1].filename, "請求書.pdf");
  EXPECT_EQ(m.attachments[2].filename, "passwd");  // never a path
  EXPECT_EQ(m.text, "写真です");
}

TEST(MimeParserTest, OversizedAttachmentIsReplacedByANoteAndRawKept) {
  const std::string big(3000, 'x');
  const std::string raw = RawMail(
      "Content-Type: multipart/mixed; boundary=\"m\"\r\n",
      "--m\r\nContent-Type: text/plain\r\n\r\nhi\r\n--m\r\nContent-Type: application/zip\r\n"
      "Content-Disposition: attachment; filename=big.zip\r\nContent-Transfer-Encoding: "
      "base64\r\n\r\n" +
          Base64Encode(big) + "--m--\r\n");
  const InboundMessage m = Parse(raw, /*max_attachment=*/1000);
  ASSERT_EQ(m.attachments.size(), 1u);
  EXPECT_TRUE(m.attachments[0].dropped);
  EXPECT_TRUE(m.attachments[0].data.empty());
  EXPECT_EQ(m.attachments[0].size, 3000);
  EXPECT_TRUE(m.flags.attachment_dropped);
  EXPECT_NE(m.decode_note.find("big.zip"), std::string::npos);
  EXPECT_EQ(m.raw, raw);
}

TEST(MimeParserTest, AutoReplyBulkAndBounceFlags) {
  EXPECT_TRUE(Parse(RawMail("Auto-Submitted: auto-replied\r\n", "x")).flags.auto_submitted);
  EXPECT_FALSE(Parse(RawMail("Auto-Submitted: no\r\n", "x")).flags.auto_submitted);
  EXPECT_TRUE(Parse(RawMail("X-Autoreply: yes\r\n", "x")).flags.auto_submitted);
  EXPECT_TRUE(Parse(RawMail("Precedence: bulk\r\n", "x")).flags.bulk);
  EXPECT_TRUE(Parse(RawMail("List-Id: <news.example>\r\n", "x")).flags.bulk);
  const InboundMessage bounce =
      Parse(RawMail("From: MAILER-DAEMON@mx.example\r\nContent-Type: multipart/report; "
                    "report-type=delivery-status; "
                    "boundary=r\r\n",
                    "--r\r\nContent-Type: text/plain\r\n\r\nDelivery failed\r\n--r\r\n"
                    "Content-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--r--\r\n"));
  EXPECT_TRUE(bounce.flags.bounce);
  EXPECT_FALSE(Parse(RawMail("From: a@example.jp\r\n", "x")).flags.bounce);
}

TEST(MimeParserTest, MalformedInputNeverCrashesAndKeepsTheRaw) {
  const std::string huge_header = "X-Long: " + std::string(2 * 1024 * 1024, 'a') + "\r\n";
  const std::string cases[] = {
      RawMail("Content-Type: multipart/mixed; boundary=\"nope\"\r\n",
              "--nope\r\nContent-Type: text/plain\r\n\r\n閉じ境界がありません"),  // missing close
      RawMail("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
              "44GT44KT!!!@@@44Gr44Gh44Gv====broken"),  // broken base64
      RawMail("Content-Type: text/plain; charset=utf-8\r\n", std::string("NUL\0inside", 10)),
      RawMail(huge_header + "Subject: long header\r\n", "body"),
      RawMail("Subject: no id\r\n", "no Message-ID here"),
      "no headers at all, just text",
      "\r\n\r\n",
      RawMail("Content-Type: multipart/mixed\r\n", "no boundary parameter"),
      std::string(200, '\xff'),
  };
  for (const auto& raw : cases) {
    const InboundMessage m = Parse(raw);
    EXPECT_EQ(m.raw, raw);
  }
  EXPECT_EQ(Parse(cases[4]).external_id, "");
  EXPECT_EQ(Parse(cases[3]).subject, "long header");
  EXPECT_EQ(Parse(cases[2]).text.find('\0'), std::string::npos);
  EXPECT_NE(Parse(cases[0]).text.find("閉じ境界"), std::string::npos);
}

TEST(MimeParserTest, UndecodableBodyIsFlaggedWithANote) {
  const InboundMessage m = Parse(
      RawMail("Content-Type: text/plain; charset=utf-8\r\n", "ok \x80\x81\xfe\xff\xfe\xff end"));
  EXPECT_TRUE(m.flags.decode_failed);
  EXPECT_NE(m.decode_note.find("could not"), std::string::npos);
  EXPECT_NE(m.text.find("end"), std::string::npos);
}

TEST(MimeParserTest, DeepNestingIsCapped) {
  std::string body, close;
  for (int i = 0; i < 60; ++i) {
    body += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=b" +
            std::to_string(i + 1) + "\r\n\r\n";
    close = "--b" + std::to_string(i) + "--\r\n" + close;
  }
  const InboundMessage m = Parse(RawMail("Content-Type: multipart/mixed; boundary=b0\r\n",
                                         body + "--b60\r\n\r\ndeep\r\n" + close));
  EXPECT_TRUE(m.flags.decode_failed);
}

TEST(MimeParserTest, EmptyInputIsAnError) {
  EXPECT_EQ(ParseMail("", {}).error().code, ErrorCode::kInvalidArgument);
}

TEST(MimeParserTest, SampleMailsFromTestdata) {
  const InboundMessage amazon =
      Parse(ReadFile("src/channels/email/testdata/amazon_relay_iso2022jp.eml"));
  EXPECT_EQ(amazon.subject, "注文番号 250-1234567-1234567 についての購入者からの問い合わせ");
  EXPECT_NE(amazon.text.find("①"), std::string::npos);
  EXPECT_TRUE(amazon.from_address.ends_with("@marketplace.amazon.co.jp"));
  const InboundMessage sjis =
      Parse(ReadFile("src/channels/email/testdata/old_mailer_shift_jis.eml"));
  EXPECT_NE(sjis.text.find("①㈱～髙"), std::string::npos);
}

}  // namespace
}  // namespace shopdesk::channels::email
