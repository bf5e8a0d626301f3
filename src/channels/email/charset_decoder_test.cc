#include "channels/email/charset_decoder.h"

#include <gtest/gtest.h>

#include "channels/email/iso2022jp_decoder.h"
#include "testing/mail_builder.h"

namespace shopdesk::channels::email {
namespace {

using testing::ToCharset;

// ISO-2022-JP with NEC row 13 (①, ㈱) and a JIS X 0208 wave dash, as Outlook sends
// ISO-2022-JP-MS: ESC $ B, then JIS pairs, then ESC ( B.
const std::string kIso2022JpMs = "\x1b$B-!-j!A\x1b(B ok";

TEST(CharsetDecoderTest, Iso2022JpKeepsNecExtensionsThroughCp932) {
  for (const char* label : {"ISO-2022-JP", "iso-2022-jp-ms", "ISO-2022-JP-1", "iso-2022-jp-2004"}) {
    auto d = DecodeToUtf8(kIso2022JpMs, label);
    EXPECT_TRUE(d.ok) << label;
    EXPECT_EQ(d.utf8, "①㈱～ ok") << label;
    EXPECT_EQ(d.charset, "ISO-2022-JP");
    EXPECT_TRUE(d.note.empty());
  }
}

TEST(CharsetDecoderTest, Iso2022JpIbmExtensionAndOldJisEscape) {
  // 髙 is CP932 0xEEE0 (NEC-selected IBM extension), which the Shift_JIS arithmetic
  // reaches from JIS 0x7C 0x62; ESC $ @ is the 1978 designation, ESC ( J JIS-Roman.
  EXPECT_EQ(DecodeToUtf8("\x1b$B|b\x1b(B", "ISO-2022-JP").utf8, "髙");
  EXPECT_EQ(DecodeToUtf8("\x1b$@F|\x1b(Jx", "iso-2022-jp").utf8, "日x");
}

TEST(CharsetDecoderTest, PlainIso2022JpRoundTrips) {
  const std::string text = "いつもお世話になっております。返品の件です。\r\n配送：ヤマト運輸";
  auto d = DecodeToUtf8(ToCharset(text, "ISO-2022-JP"), "iso-2022-jp");
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.utf8, text);
}

TEST(CharsetDecoderTest, HalfWidthKatakanaInIso2022Jp) {
  EXPECT_EQ(DecodeToUtf8("\x1b(I\x36\x1e\x1b(B", "ISO-2022-JP").utf8, "ｶ\x1e");
  EXPECT_EQ(DecodeToUtf8("\x1b(I\x36\x5e\x1b(B", "ISO-2022-JP").utf8, "ｶﾞ");
  EXPECT_EQ(DecodeToUtf8("a\x0e\x36\x0f"
                         "b\x1b$B\x1b(B",
                         "ISO-2022-JP")
                .utf8,
            "aｶb");  // SO/SI
}

TEST(CharsetDecoderTest, Iso2022JpDamageIsReplacedAndReported) {
  // A dangling first byte of a pair and an unknown escape.
  auto d = DecodeToUtf8("\x1b$B$\"$\x1b(Bx\x1b%Gy", "ISO-2022-JP");
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.utf8.find("あ"), std::string::npos);  // JIS 0x24 0x22
  EXPECT_NE(d.utf8.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(d.utf8.find('x'), std::string::npos);
  EXPECT_NE(d.utf8.find('y'), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(d.utf8));
  EXPECT_NE(d.note.find("could not decode"), std::string::npos);
  EXPECT_NE(d.note.find("文字コード"), std::string::npos);
}

TEST(CharsetDecoderTest, Jis0212AndJis0213Designations) {
  // JIS X 0212 0x30 0x21 is 丂 (U+4E02); JIS X 0213 plane 1 0x2E 0x3A is 俠 (U+4FE0).
  EXPECT_EQ(DecodeToUtf8("\x1b$(D0!\x1b(B", "ISO-2022-JP-1").utf8, "丂");
  auto d = DecodeToUtf8("\x1b$(Q.:\x1b(B", "ISO-2022-JP-2004");
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.utf8, "俠");
}

TEST(CharsetDecoderTest, ShiftJisLabelsAreReadAsCp932) {
  const std::string text = "①㈱～髙橋 様 ｶﾀｶﾅ";
  const std::string cp932 = ToCharset(text, "CP932");
  for (const char* label : {"Shift_JIS", "shift-jis", "SJIS", "x-sjis", "MS_Kanji", "Windows-31J",
                            "cp932", "\"Shift_JIS\"", " shift_jis "}) {
    auto d = DecodeToUtf8(cp932, label);
    EXPECT_TRUE(d.ok) << label;
    EXPECT_EQ(d.utf8, text) << label;
    EXPECT_EQ(d.charset, "CP932") << label;
  }
}

TEST(CharsetDecoderTest, EucJpIncludingNecRow13) {
  const std::string text = "配送状況を教えてください";
  auto d = DecodeToUtf8(ToCharset(text, "EUC-JP"), "EUC-JP");
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.utf8, text);
  EXPECT_EQ(DecodeToUtf8("\xad\xa1\xad\xea", "euc-jp").utf8, "①㈱");  // EUC-JP-MS row 13
}

TEST(CharsetDecoderTest, UnlabeledOrMislabeledEscapeSequencesAreIso2022Jp) {
  const std::string text = "ラベルのない本文";
  for (const char* label : {"", "us-ascii", "utf-8", "Shift_JIS", "x-unknown"}) {
    auto d = DecodeToUtf8(ToCharset(text, "ISO-2022-JP"), label);
    EXPECT_EQ(d.utf8, text) << "label '" << label << "'";
  }
}

TEST(CharsetDecoderTest, LyingLabelsFallBack) {
  const std::string text = "嘘のラベル";
  EXPECT_EQ(DecodeToUtf8(text, "iso-2022-jp").utf8, text);                // UTF-8 under a JIS label
  EXPECT_EQ(DecodeToUtf8(text, "Shift_JIS").utf8, text);                  // UTF-8 under SJIS
  EXPECT_EQ(DecodeToUtf8(text, "iso-8859-1").utf8, text);                 // UTF-8 under Latin-1
  EXPECT_EQ(DecodeToUtf8(ToCharset(text, "CP932"), "utf-8").utf8, text);  // SJIS under UTF-8
  EXPECT_EQ(DecodeToUtf8(ToCharset(text, "CP932"), "x-no-such-charset").utf8, text);
  EXPECT_EQ(DecodeToUtf8(ToCharset(text, "EUC-JP"), "us-ascii").utf8, text);
  EXPECT_EQ(DecodeToUtf8(ToCharset(text, "CP932"), "").utf8, text);
  EXPECT_EQ(DecodeToUtf8(ToCharset(text, "CP932"), "bad label<>").utf8, text);
}

TEST(CharsetDecoderTest, OtherCharsetsThroughIconv) {
  EXPECT_EQ(DecodeToUtf8("caf\xe9", "iso-8859-1").utf8, "café");
  EXPECT_EQ(DecodeToUtf8("\x93quoted\x94", "windows-1252").utf8, "“quoted”");
  EXPECT_EQ(DecodeToUtf8(ToCharset("返品", "UTF-16BE"), "utf-16be").utf8, "返品");
  EXPECT_EQ(DecodeToUtf8("+j9RUwQ-", "utf-7").utf8, "返品");
  EXPECT_EQ(DecodeToUtf8("plain ascii", "utf-8").charset, "US-ASCII");
}

TEST(CharsetDecoderTest, UndecodableBytesBecomeReplacementCharactersAndAreReported) {
  auto d = DecodeToUtf8("abc\x80\xff\xfe\x81 def", "utf-8");
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.utf8.find("abc"), std::string::npos);
  EXPECT_NE(d.utf8.find("def"), std::string::npos);
  EXPECT_NE(d.utf8.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(d.utf8));
  EXPECT_NE(d.note.find("charset utf-8"), std::string::npos);
  EXPECT_NE(d.note.find("charset=utf-8"), std::string::npos);
}

TEST(CharsetDecoderTest, NothingIsDroppedSilently) {
  // Every undecodable byte leaves a mark; decodable neighbours survive.
  const std::string bytes = std::string("\xff\xff\xff", 3) + "あ";
  auto d = DecodeToUtf8(bytes, "utf-8");
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.utf8.find("あ"), std::string::npos);
  EXPECT_GE(d.utf8.size(), 3u * 3u);  // at least three U+FFFD
}

TEST(CharsetDecoderTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("日本語 ok 🍵"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe6\x97"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // beyond U+10FFFF
}

TEST(CharsetDecoderTest, NeverPassesCodePointsAboveU10ffff) {
  // glibc's UTF-8, UCS-4 and UTF-32 decoders let these through as 4- to 6-byte
  // sequences, which are not UTF-8 (found by fuzzing).
  auto d = DecodeToUtf8("\xe7\xa0\xb4\xe6\x90\x8d\xf7\xa3\xb9\xb7", "utf-8");
  EXPECT_TRUE(IsValidUtf8(d.utf8));
  EXPECT_FALSE(d.ok);
  EXPECT_EQ(d.utf8.rfind("破損", 0), 0u);
  d = DecodeToUtf8(std::string("\x00\x20\x00\x00", 4), "ucs-4");
  EXPECT_TRUE(IsValidUtf8(d.utf8));
  EXPECT_FALSE(d.ok);
}

TEST(CharsetDecoderTest, NotesQuoteOnlyPrintableAsciiOfTheLabel) {
  auto d = DecodeToUtf8("\xff\xfe", std::string("x\xff\0y", 4));
  EXPECT_FALSE(d.ok);
  EXPECT_TRUE(IsValidUtf8(d.note));
  EXPECT_NE(d.note.find("charset x??y"), std::string::npos) << d.note;
  EXPECT_EQ(DisplayLabel(std::string(50, 'a')), std::string(40, 'a') + "...");
}

TEST(CharsetDecoderTest, EscapeNonUtf8KeepsTextAndEscapesTheRest) {
  EXPECT_EQ(EscapeNonUtf8("a.1@例え.jp"), "a.1@例え.jp");
  EXPECT_EQ(EscapeNonUtf8(std::string("a\xff\0b\x7f\xe6\x97", 7)), "a%FF%00b%7F%E6%97");
}

TEST(Iso2022JpDecoderTest, Detection) {
  EXPECT_TRUE(LooksLikeIso2022Jp("abc\x1b$Bxx"));
  EXPECT_TRUE(LooksLikeIso2022Jp("\x1b$@xx"));
  EXPECT_TRUE(LooksLikeIso2022Jp("\x1b(I6"));
  EXPECT_FALSE(LooksLikeIso2022Jp("abc\x1b[0m colour codes"));
  EXPECT_FALSE(LooksLikeIso2022Jp("plain"));
}

}  // namespace
}  // namespace shopdesk::channels::email
