#include "channels/email/html_sanitizer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

namespace shopdesk::channels::email {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Nothing executable survives: no script element, no event handler, no script URL.
void ExpectInert(const std::string& input) {
  const std::string out = Lower(SanitizeHtml(input).html);
  for (const char* bad :
       {"<script", "onerror", "onload", "onclick", "javascript:", "vbscript:", "data:", "<iframe",
        "<svg", "<form", "<base", "<meta", "<style", "expression(", "<object", "<embed", "<link"}) {
    EXPECT_EQ(out.find(bad), std::string::npos)
        << "'" << bad << "' survived in: " << out << "\ninput: " << input;
  }
}

TEST(HtmlSanitizerTest, KnownXssVectorsComeOutInert) {
  const char* vectors[] = {
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
      "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
      "<a href=\"  JaVaScRiPt:alert(1)\">x</a>",
      "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
      "<a href=\"vbscript:msgbox(1)\">x</a>",
      "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
      "<svg onload=alert(1)><circle r=1></svg>",
      "<svg><script>alert(1)</script></svg>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      "<div style=\"width: expression(alert(1))\">x</div>",
      "<div style=\"background:url(javascript:alert(1))\">x</div>",
      "<style>@import 'http://evil/x.css';</style>",
      "<base href=\"http://evil/\">",
      "<meta http-equiv=\"refresh\" content=\"0;url=http://evil\">",
      "<form action=\"http://evil\"><input name=p type=password></form>",
      "<iframe src=\"http://evil\"></iframe>",
      "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
      "<link rel=stylesheet href=\"http://evil/x.css\">",
      "<body onload=alert(1)>",
      "<<script>script>alert(1)<</script>/script>",
      "<scr<script>ipt>alert(1)</scr</script>ipt>",
      "<b onmouseover=alert(1)>hover</b>",
      "<p>unclosed <i>nesting <b>tags</p></i>",
      "<img src=\"data:image/png;base64,AAAA\">",
      "<a href=\"java\0script:alert(1)\">x</a>",
      "<details open ontoggle=alert(1)>",
      "<video><source onerror=alert(1)></video>",
      "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
  };
  for (const char* v : vectors) ExpectInert(v);
}

TEST(HtmlSanitizerTest, KeepsFormattingAndSafeLinks) {
  auto r = SanitizeHtml(
      "<p>こんにちは <b>太字</b><br><a href=\"https://shop.example/a?x=1&y=2\">注文</a></p>");
  EXPECT_NE(r.html.find("<b>太字</b>"), std::string::npos);
  EXPECT_NE(r.html.find("href=\"https://shop.example/a?x=1&amp;y=2\""), std::string::npos);
  EXPECT_NE(r.html.find("rel=\"noopener noreferrer\""), std::string::npos);
  EXPECT_NE(r.html.find("<br>"), std::string::npos);
}

TEST(HtmlSanitizerTest, BlocksRemoteImagesButKeepsInlineOnes) {
  auto r = SanitizeHtml("<img src=\"https://tracker.example/p.gif\"><img src=\"cid:logo@x\">");
  EXPECT_EQ(r.blocked_remote_images, 1);
  EXPECT_EQ(r.html.find(" src=\"https://"), std::string::npos);
  EXPECT_NE(r.html.find("data-blocked-src=\"https://tracker.example/p.gif\""), std::string::npos);
  EXPECT_NE(r.html.find("src=\"cid:logo@x\""), std::string::npos);
  SanitizeOptions allow;
  allow.block_remote_images = false;
  EXPECT_NE(
      SanitizeHtml("<img src=\"https://x.example/a.png\">", allow).html.find(" src=\"https://"),
      std::string::npos);
}

TEST(HtmlSanitizerTest, EscapesTextAndAttributes) {
  auto r = SanitizeHtml("<p title='a\"b'>1 &lt; 2 &amp; &quot;q&quot;</p>");
  EXPECT_EQ(r.html, "<p title=\"a&quot;b\">1 &lt; 2 &amp; \"q\"</p>");
}

TEST(HtmlToTextTest, ReadableTextFromHtml) {
  const std::string text = HtmlToText(
      "<html><head><style>p{}</style><script>x()</script></head><body><p>山田様</p><p>ご注文&amp;"
      "お届け</p><ul><li>豆皿</li><li>箸</li></ul>以上<br>よろしく</body></html>");
  EXPECT_EQ(text, "山田様\n\nご注文&お届け\n\n・豆皿\n・箸\n以上\nよろしく");
}

}  // namespace
}  // namespace shopdesk::channels::email
