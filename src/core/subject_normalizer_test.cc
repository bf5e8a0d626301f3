#include "core/subject_normalizer.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

TEST(SubjectNormalizerTest, StripsEveryReplyAndForwardPrefix) {
  const std::string base = "商品が届きません";
  for (const char* prefix :
       {"Re: ",     "RE: ",   "re:",    "Re[2]: ", "Re(3): ",  "Re^2: ",
        "Fwd: ",    "Fw: ",   "FW: ",   "AW: ",    "WG: ",     "返信: ",
        "転送: ",   "返信：", "Ｒｅ：", "ＲＥ： ", "Re: Re: ", "Re: Fwd: RE[4]: ",
        "　Re：　", "Re : "}) {
    EXPECT_EQ(NormalizeSubject(std::string(prefix) + base), base) << prefix;
  }
}

TEST(SubjectNormalizerTest, FoldsWidthCaseAndSpaces) {
  EXPECT_EQ(NormalizeSubject("Re:  Order   STATUS"), "order status");
  EXPECT_EQ(NormalizeSubject("ｏｒｄｅｒ　ｓｔａｔｕｓ"), "order status");
  EXPECT_EQ(NormalizeSubject("ｶﾞｲﾄﾞ"), "ガイド");  // half-width katakana
}

TEST(SubjectNormalizerTest, KeepsWordsThatMerelyStartLikeAPrefix) {
  EXPECT_EQ(NormalizeSubject("Return request"), "return request");
  EXPECT_EQ(NormalizeSubject("Refund: please"), "refund: please");
  EXPECT_EQ(NormalizeSubject("返信用封筒について"), "返信用封筒について");
}

TEST(SubjectNormalizerTest, EmptyAndPrefixOnly) {
  EXPECT_EQ(NormalizeSubject(""), "");
  EXPECT_EQ(NormalizeSubject("Re:"), "");
  EXPECT_EQ(NormalizeSubject("  "), "");
}

}  // namespace
}  // namespace shopdesk
