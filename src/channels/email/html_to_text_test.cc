#include "channels/email/html_to_text.h"

#include <gtest/gtest.h>

#include "channels/email/charset_decoder.h"

namespace shopdesk::channels::email {
namespace {

TEST(HtmlToTextTest, ReadableTextFromHtml) {
  const std::string text = HtmlToText(
      "<html><head><style>p{}</style><script>x()</script></head><body><p>山田様</p><p>ご注文&amp;"
      "お届け</p><ul><li>豆皿</li><li>箸</li></ul>以上<br>よろしく</body></html>");
  EXPECT_EQ(text, "山田様\n\nご注文&お届け\n\n・豆皿\n・箸\n以上\nよろしく");
}

TEST(HtmlToTextTest, WhitespaceCollapsesAndEntitiesDecode) {
  EXPECT_EQ(HtmlToText("  a \n\t b&nbsp;&nbsp;c &lt;d&gt; &#x2460; &copy;  "), "a b c <d> ① ©");
  EXPECT_EQ(HtmlToText("<div>a</div>\n\n\n<div>b</div>"), "a\nb");
  EXPECT_EQ(HtmlToText("<p>a</p><p></p><p></p><p>b</p>"), "a\n\nb");
  EXPECT_EQ(HtmlToText("a<br><br><br><br>b"), "a\n\nb");
  EXPECT_EQ(HtmlToText(""), "");
}

TEST(HtmlToTextTest, ListsTablesRulesAndPre) {
  EXPECT_EQ(HtmlToText("<ol><li>一</li><li>二<ul><li>子</li></ul></li></ol>"),
            "1. 一\n2. 二\n  ・子");
  EXPECT_EQ(HtmlToText("<table><tr><th>品名</th><th>数量</th></tr><tr><td>豆皿</td><td>2</td></tr>"
                       "</table>"),
            "品名 数量\n豆皿 2");
  EXPECT_EQ(HtmlToText("上<hr>下"), "上\n\n----------\n\n下");
  EXPECT_EQ(HtmlToText("<pre>  a\n    b</pre>"), "a\n    b");  // trimmed only at the ends
}

TEST(HtmlToTextTest, BlockquoteIsQuoted) {
  EXPECT_EQ(HtmlToText("<p>返信です</p><blockquote><p>元の文</p><p>二行目</p></blockquote>"),
            "返信です\n\n> 元の文\n> \n> 二行目");
}

TEST(HtmlToTextTest, DangerousAndInvisibleContentIsDropped) {
  EXPECT_EQ(HtmlToText("<title>T</title><script>alert(1)</script><style>x{}</style>見える"
                       "<!-- hidden --><svg><text>svg</text></svg>"),
            "見える");
}

TEST(HtmlToTextTest, HostileNestingStillGivesTheText) {
  std::string html;
  for (int i = 0; i < 30000; ++i) html += "<span>";
  html += "中身";
  EXPECT_EQ(HtmlToText(html), "中身");
}

TEST(HtmlToTextTest, OverflowingNumericReferenceStillGivesUtf8) {
  // gumbo 0.10.1 leaves a stray 0xEE byte before "あ" here (found by fuzzing).
  const std::string text = HtmlToText("<p>&#x3eeeeeeeeeeeeあ</p>");
  EXPECT_TRUE(IsValidUtf8(text));
  EXPECT_NE(text.find("あ"), std::string::npos);
}

}  // namespace
}  // namespace shopdesk::channels::email
