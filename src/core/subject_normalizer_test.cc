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

TEST(SubjectNormalizerTest, AKeyIsItsOwnKey) {
  // Folding "İ" + U+032D after NFKC left combining marks out of canonical order, so the
  // key of a key differed (found by fuzzing).
  for (const char* subject : {"İ̭", "Straße ǰ İ", "ＲＥ：在庫 ㈱"}) {
    const std::string key = NormalizeSubject(subject);
    EXPECT_EQ(NormalizeSubject(key), key) << subject;
  }
  EXPECT_EQ(NormalizeSubject("返\u200b品"), "返品");  // default-ignorables do not count
}

TEST(SubjectNormalizerTest, EmptyAndPrefixOnly) {
  EXPECT_EQ(NormalizeSubject(""), "");
  EXPECT_EQ(NormalizeSubject("Re:"), "");
  EXPECT_EQ(NormalizeSubject("  "), "");
}

}  // namespace
}  // namespace shopdesk
