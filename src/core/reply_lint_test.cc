#include "core/reply_lint.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

std::vector<std::string> Codes(std::string_view text, const ReplyLintContext& context = {}) {
  std::vector<std::string> codes;
  for (const auto& w : LintReply(text, context)) codes.push_back(w.code);
  return codes;
}

ReplyLintContext Yamada() {
  ReplyLintContext c;
  c.family_name = "山田";
  c.given_name = "太郎";
  c.full_name = "山田 太郎";
  c.order_id = "250-1234567-1234567";
  return c;
}

bool Has(const std::vector<std::string>& codes, const char* code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

TEST(ReplyLintTest, AGoodReplyHasNoWarnings) {
  EXPECT_TRUE(Codes("山田様\n\nご注文 250-1234567-1234567 の件、本日発送いたしました。"
                    "お届けまで今しばらくお待ちください。",
                    Yamada())
                  .empty());
  ReplyLintContext en = Yamada();
  en.family_name = "Smith";
  en.full_name = "John Smith";
  en.given_name = "John";
  EXPECT_TRUE(Codes("Dear John, your order 250-1234567-1234567 shipped today and should "
                    "arrive on Friday.",
                    en)
                  .empty());
}

TEST(ReplyLintTest, ABlankVariableIsNamedWithTheSectionThatAvoidsIt) {
  const auto ja = BlankVariableWarning("tracking.number", UiLanguage::kJapanese);
  EXPECT_EQ(ja.code, "blank_variable");
  EXPECT_EQ(ja.message,
            "{{tracking.number}} はこの会話では空なので、返信に空欄ができます。値があるときだけ"
            "書くには {{#tracking.number}} と {{/tracking.number}} で囲んでください。");
  const auto en = BlankVariableWarning("order.number", UiLanguage::kEnglish);
  EXPECT_NE(en.message.find("between {{#order.number}} and {{/order.number}}"), std::string::npos)
      << en.message;
}

TEST(ReplyLintTest, OneWordAndBareAnswers) {
  for (const char* bare :
       {"はい。", "はい、承知しました！", "OK", "Yes.", "ｙｅｓ", "了解", "", "  。"}) {
    EXPECT_TRUE(Has(Codes(bare), "one_word")) << bare;
  }
  EXPECT_FALSE(Has(Codes("はい、明日発送いたします。"), "one_word"));
  EXPECT_FALSE(Has(Codes("Yes, it ships tomorrow."), "one_word"));
}

TEST(ReplyLintTest, UnrenderedVariablesAreNamed) {
  auto warnings = LintReply("{{customer.family_name}}様 ご連絡ありがとうございます。", {});
  ASSERT_FALSE(warnings.empty());
  bool found = false;
  for (const auto& w : warnings) {
    if (w.code == "unrendered_variable") {
      found = true;
      EXPECT_NE(w.message.find("{{customer.family_name}}"), std::string::npos) << w.message;
    }
  }
  EXPECT_TRUE(found);
}

TEST(ReplyLintTest, ImpersonalWithoutTheCustomersName) {
  EXPECT_TRUE(Has(
      Codes("お問い合わせありがとうございます。注文 250-1234567-1234567 を確認します。", Yamada()),
      "impersonal"));
  EXPECT_FALSE(
      Has(Codes("太郎様、注文 250-1234567-1234567 を確認します。", Yamada()), "impersonal"));
  // No name known: a 様 or an English greeting is enough.
  EXPECT_TRUE(Has(Codes("ご連絡ありがとうございます。確認いたします。"), "impersonal"));
  EXPECT_FALSE(Has(Codes("お客様、ご連絡ありがとうございます。確認いたします。"), "impersonal"));
  EXPECT_FALSE(Has(Codes("Hello, thanks for writing; we will check it today."), "impersonal"));
  auto en = LintReply("Thanks, we will check.", Yamada(), UiLanguage::kEnglish);
  ASSERT_FALSE(en.empty());
  EXPECT_NE(en[0].message.find("name"), std::string::npos);
}

TEST(ReplyLintTest, IgnoresTheOrderAskedAbout) {
  EXPECT_TRUE(
      Has(Codes("山田様、確認いたします。少々お待ちください。", Yamada()), "ignores_order"));
  // Full-width digits and a number without dashes still name it.
  EXPECT_FALSE(Has(Codes("山田様、２５０－１２３４５６７－１２３４５６７を確認します。", Yamada()),
                   "ignores_order"));
  EXPECT_FALSE(Has(Codes("山田様、25012345671234567を確認します。", Yamada()), "ignores_order"));
}

TEST(ReplyLintTest, BlameInJapaneseAndEnglish) {
  EXPECT_TRUE(Has(Codes("山田様、これはお客様のミスによるものです。"), "blame"));
  EXPECT_TRUE(Has(Codes("山田様、商品ページをよくお読みください。"), "blame"));
  EXPECT_TRUE(Has(Codes("Dear John, this is your fault."), "blame"));
  EXPECT_TRUE(Has(Codes("Hi John, you should have read the description."), "blame"));
  EXPECT_FALSE(Has(Codes("山田様、こちらの不手際で申し訳ございません。"), "blame"));
}

TEST(ReplyLintTest, ReviewIncentivesAndRequestsToChangeAReview) {
  for (const char* text :
       {"山田様、高評価のレビューをいただけましたら500円分のクーポンをお送りします。",
        "山田様、星5のレビューで全額返金いたします。",
        "山田様、先日のレビューを削除していただけないでしょうか。",
        "Dear John, we will send a gift card if you leave a 5-star review.",
        "Hi John, could you please remove your review?",
        "Hello John, we will refund you in full for a positive review."}) {
    EXPECT_TRUE(Has(Codes(text), "review_incentive")) << text;
  }
  // A refund and a review in separate sentences, or thanks for a review, are fine.
  EXPECT_FALSE(
      Has(Codes("山田様、全額返金いたしました。よろしければレビューもお待ちしております。"),
          "review_incentive"));
  EXPECT_FALSE(Has(Codes("Dear John, thank you for your review."), "review_incentive"));
}

}  // namespace
}  // namespace shopdesk
