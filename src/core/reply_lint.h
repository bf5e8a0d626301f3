#pragma once

// Checks a reply before it is sent and says what reads careless or breaks marketplace
// policy. Warnings, not errors: the agent may send anyway. Japanese and English rules.
// The codes are a public contract (POST .../replies/preview):
//   one_word             a one-word or bare yes/no answer ("はい。", "OK")
//   unrendered_variable  a {{variable}} left in the text
//   blank_variable       a known variable with no value for this customer rendered as
//                        nothing (「追跡番号は （）です。」); from the preview, which knows
//                        the template (BlankVariableWarning); sending needs a confirmation
//   impersonal           the customer's name is not in the reply
//   ignores_order        the conversation is about an order the reply never names
//   blame                wording that blames the customer ("お客様のミス", "your fault")
//   review_incentive     money, refunds or gifts for a review, or asking to change or
//                        remove one (against Amazon's and Etsy's policies)

#include <string>
#include <string_view>
#include <vector>

namespace shopdesk {

struct ReplyLintContext {
  // The customer's names as known; any may be empty. Never guessed by splitting.
  std::string family_name;
  std::string given_name;
  std::string full_name;
  std::string order_id;  // the order the conversation is about; "" when none
};

enum class UiLanguage { kJapanese, kEnglish };

struct LintWarning {
  std::string code;
  std::string message;  // in the language asked for, naming what was found
};

std::vector<LintWarning> LintReply(std::string_view text, const ReplyLintContext& context,
                                   UiLanguage language = UiLanguage::kJapanese);

// The blank_variable warning for variable `name`, suggesting a section so the text is
// written only when the value is known.
LintWarning BlankVariableWarning(std::string_view name, UiLanguage language);

}  // namespace shopdesk
