#include "channels/email/charset_decoder.h"

#include <gtest/gtest.h>

#include "testing/mail_builder.h"

namespace shopdesk::channels::email {
namespace {

using testing::ToCharset;

// ISO-2022-JP with NEC row 13 (①, ㈱) and a JIS X 0208 wave dash, as Outlook sends
// ISO-2022-JP-MS: ESC $ B, then JIS pairs, then ESC ( B.
const std::string kIso2022JpMs = "\x1b$B-!-j!A\x1b(B ok";

TEST(CharsetDecoderTest, Iso2022JpKeepsNecExtensionsThroughCp932) {
  auto d = DecodeToUtf8(kIso2022JpMs, "ISO-2022-JP");
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.utf8, "①㈱～ ok");
}

TEST(CharsetDecoderTest, PlainIso2022JpRoundTrips) {
  const std::string text = "いつもお世話になっております。返品の件です。";
  auto d = DecodeToUtf8(ToCharset(text, "ISO-2022-JP"), "iso-2022-jp");
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.utf8, text);
}

TEST(CharsetDecoderTest, HalfWidthKatakanaInIso2022Jp) {
  auto d = DecodeToUtf8("\x1b(I\x36\x1e\x1b(B", "ISO-2022-JP");  // ESC ( I: ｶ then a bad byte
  EXPECT_NE(d.utf8.find("ｶ"), std::string::npos);
}

TEST(CharsetDecoderTest, ShiftJisLabelsAreReadAsCp932) {
  const std::string text = "①㈱～髙橋 様";
  const std::string cp932 = ToCharset(text, "CP932");
  for (const char* label : {"Shift_JIS", "shift-jis", "SJIS", "x-sjis", "Windows-31J", "cp932"}) {
    auto d = DecodeToUtf8(cp932, label);
    EXPECT_TRUE(d.ok) << label;
    EXPECT_EQ(d.utf8, text) << label;
  }
}

TEST(CharsetDecoderTest, EucJp) {
  const std::string text = "配送状況を教えてください";
  auto d = DecodeToUtf8(ToCharset(text, "EUC-JP"), "EUC-JP");
  EXPECT_TRUE(d.ok);
  EXPECT_EQ(d.utf8, text);
}

TEST(CharsetDecoderTest, UnlabeledEscapeSequencesAreIso2022Jp) {
  const std::string text = "ラベルのない本文";
  for (const char* label : {"", "us-ascii", "utf-8"}) {
    auto d = DecodeToUtf8(ToCharset(text, "ISO-2022-JP"), label);
    EXPECT_EQ(d.utf8, text) << "label '" << label << "'";
  }
}

TEST(CharsetDecoderTest, LyingLabelsFallBack) {
  const std::string text = "嘘のラベル";
  EXPECT_EQ(DecodeToUtf8(text, "iso-2022-jp").utf8, text);                // UTF-8 under a JIS label
  EXPECT_EQ(DecodeToUtf8(ToCharset(text, "CP932"), "utf-8").utf8, text);  // SJIS under UTF-8
  EXPECT_EQ(DecodeToUtf8(ToCharset(text, "CP932"), "x-no-such-charset").utf8, text);
  EXPECT_EQ(DecodeToUtf8(ToCharset(text, "EUC-JP"), "us-ascii").utf8, text);
}

TEST(CharsetDecoderTest, UndecodableBytesBecomeReplacementCharactersAndAreReported) {
  auto d = DecodeToUtf8("abc\x80\xff\xfe\x81 def", "utf-8");
  EXPECT_FALSE(d.ok);
  EXPECT_NE(d.utf8.find("abc"), std::string::npos);
  EXPECT_NE(d.utf8.find("def"), std::string::npos);
  EXPECT_NE(d.utf8.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_TRUE(IsValidUtf8(d.utf8));
}

TEST(CharsetDecoderTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("日本語 ok"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xe6\x97"));      // truncated
}

}  // namespace
}  // namespace shopdesk::channels::email
