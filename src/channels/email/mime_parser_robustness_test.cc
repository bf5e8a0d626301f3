// ParseMail on malformed and hostile input: it never crashes and never loses the raw.

#include <gtest/gtest.h>

#include "channels/email/charset_decoder.h"
#include "channels/email/mime_parser.h"
#include "channels/email/transfer_encoding.h"
#include "testing/mail_builder.h"

namespace shopdesk::channels::email {
namespace {

using testing::RawMail;

InboundMessage Parse(const std::string& raw) {
  auto r = ParseMail(raw, {});
  EXPECT_TRUE(r) << r.error().ToString();
  if (!r) return {};
  EXPECT_EQ(r->raw, raw);
  EXPECT_TRUE(IsValidUtf8(r->text)) << r->text;
  EXPECT_TRUE(IsValidUtf8(r->subject));
  EXPECT_TRUE(IsValidUtf8(r->from_name));
  EXPECT_EQ(r->text.find('\0'), std::string::npos);
  return *r;
}

TEST(MimeParserRobustnessTest, MalformedInputNeverCrashesAndKeepsTheRaw) {
  const std::string huge_header = "X-Long: " + std::string(2 * 1024 * 1024, 'a') + "\r\n";
  const std::string cases[] = {
      RawMail("Content-Type: multipart/mixed; boundary=\"nope\"\r\n",
              "--nope\r\nContent-Type: text/plain\r\n\r\n閉じ境界がありません"),
      RawMail("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
              "44GT44KT!!!@@@44Gr44Gh44Gv====broken"),
      RawMail("Content-Type: text/plain; charset=utf-8\r\n", std::string("NUL\0inside", 10)),
      RawMail(huge_header + "Subject: long header\r\n", "body"),
      RawMail("Subject: " + std::string(2 * 1024 * 1024, 'S') + "\r\n", "body"),
      RawMail("Subject: no id\r\n", "no Message-ID here"),
      "no headers at all, just text",
      "\r\n\r\n",
      "\n",
      "Subject: headers only, no body",
      RawMail("Content-Type: multipart/mixed\r\n", "no boundary parameter"),
      RawMail("Content-Type: multipart/alternative; boundary=x\r\n", ""),
      std::string(200, '\xff'),
      std::string("\0\0\0\0", 4),
      RawMail("Content-Type: text/plain; charset=\"\r\n", "quote never closed"),
      RawMail("Content-Type: ;;;\r\nContent-Disposition: attachment; filename*0*=\r\n", "x"),
      RawMail("Content-Type: text/plain; charset=utf-16\r\n", "odd\x01"),
      RawMail("Content-Transfer-Encoding: x-unknown\r\n", "strange encoding"),
      RawMail("From: \"unterminated <a@b>\r\nTo: <<<>>>\r\nDate: yesterday\r\n", "x"),
      RawMail("Content-Type: message/rfc822\r\n", "not really a message"),
      "From sender@example.jp Mon Nov 23 10:00:00 2026\r\nSubject: mbox line\r\n\r\nbody\r\n",
      "Subject: lf only\nContent-Type: text/plain; charset=utf-8\n\n本文\n",
      "Subject: cr only\rContent-Type: text/plain\r\rbody\r",
      std::string("Subject: nul \0 in header\r\nFrom: a\0b@example.jp\r\n\r\nbody", 54),
  };
  for (const auto& raw : cases) Parse(raw);
  EXPECT_NE(Parse(cases[0]).text.find("閉じ境界"), std::string::npos);
  EXPECT_EQ(Parse(cases[2]).text.find('\0'), std::string::npos);
  EXPECT_EQ(Parse(cases[3]).subject, "long header");
  EXPECT_EQ(Parse(cases[5]).external_id, "");
  EXPECT_EQ(Parse(cases[6]).text, "no headers at all, just text");
  EXPECT_EQ(Parse(cases[20]).subject, "mbox line");
  EXPECT_EQ(Parse(cases[21]).subject, "lf only");
  EXPECT_EQ(Parse(cases[21]).text, "本文\n");
}

TEST(MimeParserRobustnessTest, BrokenBase64IsReadAsFarAsPossibleAndFlagged) {
  const InboundMessage m = Parse(
      RawMail("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
              Base64Encode("こんにちは") + "!!!@@@ trailing garbage"));
  EXPECT_NE(m.text.find("こんにちは"), std::string::npos);
  EXPECT_TRUE(m.flags.decode_failed);
  EXPECT_NE(m.decode_note.find("base64"), std::string::npos);
}

TEST(MimeParserRobustnessTest, UndecodableBodyIsFlaggedWithANote) {
  const InboundMessage m = Parse(
      RawMail("Content-Type: text/plain; charset=utf-8\r\n", "ok \x80\x81\xfe\xff\xfe\xff end"));
  EXPECT_TRUE(m.flags.decode_failed);
  EXPECT_NE(m.decode_note.find("本文の文字コード(charset=utf-8)を解読できない"), std::string::npos);
  EXPECT_NE(m.decode_note.find("could not decode part of the body (charset utf-8)"),
            std::string::npos);
  EXPECT_LT(m.decode_note.find("本文"), m.decode_note.find("could not"));  // Japanese first
  EXPECT_NE(m.text.find("ok "), std::string::npos);
  EXPECT_NE(m.text.find("end"), std::string::npos);
  EXPECT_NE(m.text.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST(MimeParserRobustnessTest, UndecodableSubjectIsFlagged) {
  const InboundMessage m = Parse(RawMail("Subject: \xff\xfe\xfd\xfc\r\n", "x"));
  EXPECT_TRUE(m.flags.decode_failed);
  EXPECT_NE(m.decode_note.find("件名"), std::string::npos);
}

TEST(MimeParserRobustnessTest, LyingCharsetLabel) {
  // Labeled ISO-2022-JP, really Shift_JIS; labeled us-ascii, really UTF-8.
  EXPECT_EQ(Parse(RawMail("Content-Type: text/plain; charset=iso-2022-jp\r\n",
                          testing::ToCharset("本当はSJIS", "CP932")))
                .text,
            "本当はSJIS");
  EXPECT_EQ(Parse(RawMail("Content-Type: text/plain; charset=us-ascii\r\n", "実はUTF-8")).text,
            "実はUTF-8");
}

TEST(MimeParserRobustnessTest, DeepNestingIsCapped) {
  std::string body;
  const int levels = 2000;
  for (int i = 0; i < levels; ++i) {
    body += "--b" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=b" +
            std::to_string(i + 1) + "\r\n\r\n";
  }
  const InboundMessage m =
      Parse(RawMail("Content-Type: multipart/mixed; boundary=b0\r\n",
                    body + "--b" + std::to_string(levels) + "\r\n\r\ndeep\r\n"));
  EXPECT_TRUE(m.flags.decode_failed);
  EXPECT_NE(m.decode_note.find("nesting"), std::string::npos);
}

TEST(MimeParserRobustnessTest, HostileHtmlBodyDoesNotExplode) {
  std::string html;
  for (int i = 0; i < 40000; ++i) html += "<div>";
  const InboundMessage m =
      Parse(RawMail("Content-Type: text/html; charset=utf-8\r\n", html + "text"));
  EXPECT_EQ(m.text, "text");
}

}  // namespace
}  // namespace shopdesk::channels::email
