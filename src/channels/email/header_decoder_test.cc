#include "channels/email/header_decoder.h"

#include <gtest/gtest.h>

#include "channels/email/flowed_text.h"
#include "channels/email/header_params.h"
#include "channels/email/transfer_encoding.h"
#include "testing/mail_builder.h"

namespace shopdesk::channels::email {
namespace {

using testing::ToCharset;

std::string BWord(const std::string& utf8, const char* charset, const char* label) {
  return std::string("=?") + label + "?B?" + Base64Encode(ToCharset(utf8, charset), 0) + "?=";
}

TEST(DecodeHeaderTest, EncodedWordsInJapaneseCharsets) {
  EXPECT_EQ(DecodeHeader(BWord("返品について", "ISO-2022-JP", "ISO-2022-JP")), "返品について");
  EXPECT_EQ(DecodeHeader(BWord("①㈱～髙", "CP932", "Shift_JIS")), "①㈱～髙");
  EXPECT_EQ(DecodeHeader(BWord("配送", "EUC-JP", "euc-jp")), "配送");
  EXPECT_EQ(DecodeHeader("=?utf-8?q?=E8=BF=94=E5=93=81_OK?="), "返品 OK");
  EXPECT_EQ(DecodeHeader("=?ISO-2022-JP?B?GyRCLSEtahsoQg==?="), "①㈱");  // -MS row 13
}

TEST(DecodeHeaderTest, SpacingBetweenWordsAndText) {
  const std::string a = BWord("注文", "ISO-2022-JP", "ISO-2022-JP");
  const std::string b = BWord("番号", "ISO-2022-JP", "ISO-2022-JP");
  EXPECT_EQ(DecodeHeader(a + "\r\n " + b), "注文番号");  // folded words join
  EXPECT_EQ(DecodeHeader("Re: " + a + " 250-1234567-1234567"), "Re: 注文 250-1234567-1234567");
  EXPECT_EQ(DecodeHeader("Fwd:\t" + a), "Fwd: 注文");
}

TEST(DecodeHeaderTest, CharacterSplitAcrossTwoWords) {
  const std::string bytes = "返品";  // 6 UTF-8 bytes, split after the 4th
  const std::string raw = "=?UTF-8?B?" + Base64Encode(bytes.substr(0, 4), 0) + "?= =?UTF-8?B?" +
                          Base64Encode(bytes.substr(4), 0) + "?=";
  bool ok = false;
  EXPECT_EQ(DecodeHeader(raw, &ok), "返品");
  EXPECT_TRUE(ok);
}

TEST(DecodeHeaderTest, RawEightBitAndUnencodedIso2022Jp) {
  bool ok = false;
  EXPECT_EQ(DecodeHeader(ToCharset("木村です", "CP932"), &ok), "木村です");
  EXPECT_TRUE(ok);
  EXPECT_EQ(DecodeHeader(ToCharset("直接 JIS", "ISO-2022-JP")), "直接 JIS");
  EXPECT_EQ(DecodeHeader("そのままUTF-8"), "そのままUTF-8");
}

TEST(DecodeHeaderTest, BrokenInputIsReportedNotLost) {
  bool ok = true;
  const std::string out = DecodeHeader("abc \xff\xfe\x80 def", &ok);
  EXPECT_FALSE(ok);
  EXPECT_NE(out.find("abc"), std::string::npos);
  EXPECT_NE(out.find("def"), std::string::npos);
  EXPECT_EQ(DecodeHeader("=?utf-8?B?broken"), "=?utf-8?B?broken");  // not a word: kept
  EXPECT_EQ(DecodeHeader("=?x-unknown?B?" + Base64Encode("ok", 0) + "?="), "ok");
  EXPECT_EQ(DecodeHeader("a\x01"
                         "b\x7f"
                         "c"),
            "abc");  // control characters removed
}

TEST(MailboxTest, FormsOfAddresses) {
  auto m = ParseMailbox("\"Yamada, Taro\" <Taro@Example.JP>");
  EXPECT_EQ(m.name, "Yamada, Taro");
  EXPECT_EQ(m.address, "taro@example.jp");
  m = ParseMailbox("taro@example.jp (山田 太郎)");
  EXPECT_EQ(m.name, "山田 太郎");
  EXPECT_EQ(m.address, "taro@example.jp");
  m = ParseMailbox("<a@b.example>");
  EXPECT_EQ(m.name, "");
  EXPECT_EQ(m.address, "a@b.example");
  m = ParseMailbox("\"" + BWord("山田", "ISO-2022-JP", "ISO-2022-JP") + "\" <y@example.jp>");
  EXPECT_EQ(m.name, "山田");  // quoted encoded word, as many Japanese mailers send
  m = ParseMailbox(ToCharset("木村", "CP932") + " <k@example.jp>");
  EXPECT_EQ(m.name, "木村");
  EXPECT_EQ(ParseMailbox("undisclosed-recipients:;").address, "");
  EXPECT_EQ(ParseMailbox("not an address").address, "");
  EXPECT_EQ(ParseMailbox("").address, "");
}

TEST(MailboxTest, ListsTakeTheFirstMailbox) {
  auto list = ParseMailboxList("A <a@x.example>, \"B, Jr.\" <b@x.example>,\r\n c@x.example");
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].address, "a@x.example");
  EXPECT_EQ(list[1].name, "B, Jr.");
  EXPECT_EQ(list[2].address, "c@x.example");
  EXPECT_EQ(ParseMailbox("A <a@x.example>, B <b@x.example>").address, "a@x.example");
  list = ParseMailboxList("Team: a@x.example, b@x.example;");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].address, "a@x.example");
}

TEST(MessageIdsTest, BracketsRemovedInOrder) {
  EXPECT_EQ(ParseMessageIds("<a@b>\r\n <c@d>\t<e@f>"),
            (std::vector<std::string>{"a@b", "c@d", "e@f"}));
  EXPECT_EQ(ParseMessageIds("bare@id.example"), (std::vector<std::string>{"bare@id.example"}));
  EXPECT_TRUE(ParseMessageIds("").empty());
  EXPECT_TRUE(ParseMessageIds("<>").empty());
}

TEST(MessageIdsTest, BytesThatAreNotTextAreEscaped) {
  // Ids are stored as text: one 0xFF byte in References made PostgreSQL refuse the
  // whole mail (found by fuzzing).
  EXPECT_EQ(ParseMessageIds("<a.1@b> <sd.4\xff\x01@x>"),
            (std::vector<std::string>{"a.1@b", "sd.4%FF%01@x"}));
  EXPECT_EQ(ParseMessageIds("bare\xfe@x"), (std::vector<std::string>{"bare%FE@x"}));
}

TEST(MailboxTest, AddressesThatAreNotUtf8AreNotAddresses) {
  EXPECT_TRUE(ParseMailbox("Daemon <mailer@mx.sa\xc2u.example>").address.empty());
  EXPECT_EQ(ParseMailbox("山田 <やまだ@例え.jp>").address, "やまだ@例え.jp");
}

TEST(ParamHeaderTest, PlainQuotedAndCase) {
  auto h = ParseParamHeader("Text/Plain; Charset=\"ISO-2022-JP\"; format=flowed; delsp=yes");
  EXPECT_EQ(h.value, "text/plain");
  EXPECT_EQ(h.params["charset"], "ISO-2022-JP");
  EXPECT_EQ(h.params["format"], "flowed");
  EXPECT_EQ(h.params["delsp"], "yes");
  h = ParseParamHeader("attachment; filename=\"a \\\"b\\\".txt\"");
  EXPECT_EQ(h.params["filename"], "a \"b\".txt");
}

TEST(ParamHeaderTest, Rfc2231ContinuationsAndCharsets) {
  auto h = ParseParamHeader(
      "attachment;\r\n filename*1*=%E5%86%99%E7%9C%9F.jpg;\r\n "
      "filename*0*=UTF-8''%E7%A0%B4%E6%90%8D");
  EXPECT_EQ(h.params["filename"], "破損写真.jpg");  // joined in numeric order
  // ISO-2022-JP with an NEC extension (①) survives.
  h = ParseParamHeader("attachment; filename*=ISO-2022-JP'ja'%1B%24B-%21%1B%28B.pdf");
  EXPECT_EQ(h.params["filename"], "①.pdf");
  h = ParseParamHeader("attachment; filename*0=\"abc\"; filename*1=\"def.txt\"");
  EXPECT_EQ(h.params["filename"], "abcdef.txt");
  // The RFC 2231 form wins over the plain fallback.
  h = ParseParamHeader("attachment; filename=\"fallback.txt\"; filename*=UTF-8''%E6%9C%AC.txt");
  EXPECT_EQ(h.params["filename"], "本.txt");
  h = ParseParamHeader("attachment; filename*=Shift_JIS''" + std::string("%96%7B") + ".txt");
  EXPECT_EQ(h.params["filename"], "本.txt");
}

TEST(ParamHeaderTest, EncodedWordsAndRawBytesInValues) {
  auto h =
      ParseParamHeader("application/pdf; name=\"" + BWord("請求書.pdf", "UTF-8", "UTF-8") + "\"");
  EXPECT_EQ(h.params["name"], "請求書.pdf");
  h = ParseParamHeader("attachment; filename=\"" + ToCharset("見積書.xls", "CP932") + "\"");
  EXPECT_EQ(h.params["filename"], "見積書.xls");
}

TEST(ParamHeaderTest, GarbageNeverCrashes) {
  for (const char* raw : {"", ";", ";;;=", "a; =b", "a; b*x*=c", "a; b*99999=c",
                          "a; b=\"unterminated", "a; b*0*=''", "a; b*=%", "a; b*=utf-8''%zz"}) {
    auto h = ParseParamHeader(raw);
    (void)h;
  }
  EXPECT_EQ(ParseParamHeader("a; b*=utf-8''%zz").params["b"], "%zz");
}

TEST(ParamHeaderTest, NamelessSectionsAreIgnored) {
  auto h = ParseParamHeader("attachment; *=x; *1*=y; filename=a.txt");
  EXPECT_EQ(h.params.count(""), 0u);
  EXPECT_EQ(h.params["filename"], "a.txt");
}

TEST(FlowedTextTest, SoftBreaksJoinAndDelSpRemovesTheSpace) {
  EXPECT_EQ(UnflowText("This is \r\nflowed.\r\nHard.\r\n", false), "This is flowed.\nHard.\n");
  EXPECT_EQ(UnflowText("日本語の \r\n文章です。\r\n", true), "日本語の文章です。\n");
  EXPECT_EQ(UnflowText(" From stuffed\r\n", false), "From stuffed\n");
  EXPECT_EQ(UnflowText("-- \r\nsig\r\n", false), "-- \nsig\n");
  EXPECT_EQ(UnflowText("> quoted \r\n> more\r\nreply\r\n", false), "> quoted more\nreply\n");
  EXPECT_EQ(UnflowText("> q \r\nnot quoted\r\n", false), "> q \nnot quoted\n");
}

}  // namespace
}  // namespace shopdesk::channels::email
