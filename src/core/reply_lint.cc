#include "core/reply_lint.h"

#include <algorithm>
#include <array>

#include "core/text_normalize.h"

namespace shopdesk {
namespace {

bool Contains(std::string_view text, std::string_view what) {
  return !what.empty() && text.find(what) != std::string_view::npos;
}

template <size_t N>
std::string_view FirstFound(std::string_view text, const std::array<std::string_view, N>& list) {
  for (std::string_view w : list) {
    if (Contains(text, w)) return w;
  }
  return {};
}

// Drops whitespace and punctuation, ASCII and Japanese, keeping letters and digits.
std::string WordsOnly(std::string_view folded) {
  static constexpr std::array<std::string_view, 22> kMarks = {
      "。", "、", "！", "？", "・", "「", "」", "『", "』", "（", "）",
      "…",  "ー", "〜", "～", "♪",  "☆",  "★",  "　", "【", "】", "※"};
  std::string out;
  for (size_t i = 0; i < folded.size();) {
    const unsigned char c = folded[i];
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) out += c;
      ++i;
      continue;
    }
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    const std::string_view ch = folded.substr(i, n);
    if (std::find(kMarks.begin(), kMarks.end(), ch) == kMarks.end()) out += ch;
    i += n;
  }
  return out;
}

size_t CodePoints(std::string_view s) {
  return static_cast<size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Sentences: split at 。！？!? . and line breaks.
std::vector<std::string_view> Sentences(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size();) {
    size_t cut = 0;
    if (text[i] == '\n' || text[i] == '!' || text[i] == '?' ||
        (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' '))) {
      cut = 1;
    } else if (text.compare(i, 3, "。") == 0 || text.compare(i, 3, "！") == 0 ||
               text.compare(i, 3, "？") == 0) {
      cut = 3;
    }
    if (cut) {
      if (i > start) out.push_back(text.substr(start, i - start));
      start = i + cut;
      i += cut;
    } else {
      ++i;
    }
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

struct Messages {
  const char* ja;
  const char* en;
};

std::string Say(UiLanguage language, Messages m, std::string_view detail = {}) {
  std::string text = language == UiLanguage::kEnglish ? m.en : m.ja;
  const auto at = text.find("%s");
  if (at != std::string::npos) text.replace(at, 2, detail);
  return text;
}

constexpr std::array<std::string_view, 32> kBareAnswers = {"はい",
                                                           "いいえ",
                                                           "ええ",
                                                           "うん",
                                                           "了解",
                                                           "了解です",
                                                           "了解しました",
                                                           "承知しました",
                                                           "承知いたしました",
                                                           "かしこまりました",
                                                           "わかりました",
                                                           "分かりました",
                                                           "はい承知しました",
                                                           "はい承知いたしました",
                                                           "はいかしこまりました",
                                                           "はいわかりました",
                                                           "はい分かりました",
                                                           "ありがとうございます",
                                                           "ok",
                                                           "okay",
                                                           "yes",
                                                           "no",
                                                           "yep",
                                                           "nope",
                                                           "sure",
                                                           "noted",
                                                           "done",
                                                           "thanks",
                                                           "thankyou",
                                                           "k",
                                                           "y",
                                                           "n"};

constexpr std::array<std::string_view, 30> kBlame = {"お客様のミス",
                                                     "お客様の誤り",
                                                     "お客様の間違い",
                                                     "お客様の責任",
                                                     "お客様の不注意",
                                                     "お客様のせい",
                                                     "お客様側の問題",
                                                     "お客様側のミス",
                                                     "お客様のご確認不足",
                                                     "ご確認不足",
                                                     "よくお読みください",
                                                     "よく読んで",
                                                     "ちゃんと読",
                                                     "自己責任",
                                                     "説明に書いてあります",
                                                     "your fault",
                                                     "your own fault",
                                                     "your mistake",
                                                     "you failed to",
                                                     "you should have",
                                                     "you didn't read",
                                                     "you did not read",
                                                     "as we already told you",
                                                     "as i already said",
                                                     "you must have",
                                                     "you were supposed to",
                                                     "your responsibility",
                                                     "user error",
                                                     "you need to read",
                                                     "you obviously"};

constexpr std::array<std::string_view, 14> kReviewWords = {
    "レビュー", "評価",     "口コミ", "クチコミ", "フィードバック", "星5",       "★5",
    "review",   "feedback", "rating", "5 star",   "5-star",         "five star", "stars"};

// "free" alone is left out: "feel free to review the tracking page" is no offer.
constexpr std::array<std::string_view, 25> kIncentives = {
    "返金",  "割引",       "クーポン",       "ポイント", "プレゼント",
    "特典",  "謝礼",       "ギフト",         "無料",     "キャッシュバック",
    "値引",  "お礼として", "refund",         "discount", "coupon",
    "gift",  "for free",   "free of charge", "reward",   "compensat",
    "money", "cash",       "voucher",        "rebate",   "points"};

constexpr std::array<std::string_view, 12> kChanges = {"削除",   "取り下げ", "取消",   "取り消",
                                                       "変更",   "書き換",   "修正",   "消して",
                                                       "remove", "delete",   "change", "take down"};

constexpr std::array<std::string_view, 12> kAsks = {"いただ",    "頂",        "ください", "下さい",
                                                    "お願い",    "願え",      "もらえ",   "please",
                                                    "could you", "would you", "can you",  "you "};

}  // namespace

LintWarning BlankVariableWarning(std::string_view name, UiLanguage language) {
  const Messages messages = {
      "{{%s}} はこの会話では空なので、返信に空欄ができます。値があるときだけ"
      "書くには {{#%s}} と {{/%s}} で囲んでください。",
      "{{%s}} is empty for this customer, so the reply has a gap. To write "
      "that part only when it is known, put it between {{#%s}} and {{/%s}}."};
  std::string text(language == UiLanguage::kEnglish ? messages.en : messages.ja);
  for (auto at = text.find("%s"); at != std::string::npos; at = text.find("%s", at + name.size())) {
    text.replace(at, 2, name);
  }
  return {"blank_variable", std::move(text)};
}

std::vector<LintWarning> LintReply(std::string_view text, const ReplyLintContext& context,
                                   UiLanguage language) {
  std::vector<LintWarning> warnings;
  const std::string folded = FoldForMatching(text);

  const std::string words = WordsOnly(folded);
  const bool bare =
      std::find(kBareAnswers.begin(), kBareAnswers.end(), words) != kBareAnswers.end();
  if (words.empty() || bare || CodePoints(words) <= 3) {
    warnings.push_back(
        {"one_word", Say(language, {"一言だけの返信です。状況の説明や次の対応を添えてください。",
                                    "A one-word answer: add what happens next."})});
  }

  if (const auto open = text.find("{{"); open != std::string_view::npos) {
    const auto close = text.find("}}", open);
    const std::string_view found =
        text.substr(open, close == std::string_view::npos ? 16 : close + 2 - open);
    warnings.push_back({"unrendered_variable", Say(language,
                                                   {"置き換えられていない変数 %s が残っています。",
                                                    "A variable was not filled in: %s."},
                                                   found)});
  }

  std::vector<std::string> names;
  for (const std::string* n : {&context.family_name, &context.given_name, &context.full_name}) {
    if (n->empty()) continue;
    names.push_back(FoldForMatching(*n));
    std::string compact = names.back();
    std::erase(compact, ' ');
    names.push_back(compact);
  }
  const bool named = std::any_of(names.begin(), names.end(),
                                 [&](const std::string& n) { return Contains(folded, n); });
  const bool salutation = Contains(folded, "様") || Contains(folded, "さま") ||
                          folded.starts_with("dear") || folded.starts_with("hi ") ||
                          folded.starts_with("hello");
  if (names.empty() ? !salutation : !named) {
    const std::string who = !context.family_name.empty() ? context.family_name
                            : !context.full_name.empty() ? context.full_name
                                                         : context.given_name;
    warnings.push_back({"impersonal", who.empty()
                                          ? Say(language, {"宛名（〇〇様）がありません。",
                                                           "No greeting with the customer's name."})
                                          : Say(language,
                                                {"お客様のお名前（%s様）が本文にありません。",
                                                 "The customer's name (%s) is not in the reply."},
                                                who)});
  }

  if (!context.order_id.empty()) {
    const std::string order = FoldForMatching(context.order_id);
    std::string digits = order;
    std::erase(digits, '-');
    std::string compact_text = folded;
    std::erase(compact_text, '-');
    if (!Contains(folded, order) && !Contains(compact_text, digits)) {
      warnings.push_back(
          {"ignores_order", Say(language,
                                {"お問い合わせの注文番号 %s に触れていません。",
                                 "The reply does not mention order %s the customer asked about."},
                                context.order_id)});
    }
  }

  if (const std::string_view blame = FirstFound(folded, kBlame); !blame.empty()) {
    warnings.push_back({"blame", Say(language,
                                     {"お客様を責める表現があります（「%s」）。",
                                      "Wording that blames the customer (\"%s\")."},
                                     blame)});
  }

  for (std::string_view sentence : Sentences(folded)) {
    const std::string_view review = FirstFound(sentence, kReviewWords);
    if (review.empty()) continue;
    const bool incentive = !FirstFound(sentence, kIncentives).empty();
    const bool change =
        !FirstFound(sentence, kChanges).empty() && !FirstFound(sentence, kAsks).empty();
    if (incentive || change) {
      warnings.push_back(
          {"review_incentive",
           Say(language,
               {"レビューと引き換えの返金・特典や、レビューの変更・削除の依頼は Amazon と Etsy "
                "の規約違反です（「%s」）。",
                "Offering money, refunds or gifts for a review, or asking to change or remove "
                "one, breaks Amazon's and Etsy's policies (\"%s\")."},
               sentence)});
      break;
    }
  }
  return warnings;
}

}  // namespace shopdesk
