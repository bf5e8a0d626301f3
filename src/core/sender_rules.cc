#include "core/sender_rules.h"

#include <array>

#include "core/subject_normalizer.h"
#include "core/text_normalize.h"

namespace shopdesk {
namespace {

std::string_view LocalPart(std::string_view address) {
  return address.substr(0, address.find('@'));
}

std::string_view DomainOf(std::string_view address) {
  const auto at = address.rfind('@');
  return at == std::string_view::npos ? std::string_view() : address.substr(at + 1);
}

// `domain` is `base` or one of its subdomains.
bool InDomain(std::string_view domain, std::string_view base) {
  if (domain == base) return true;
  return domain.size() > base.size() && domain.ends_with(base) &&
         domain[domain.size() - base.size() - 1] == '.';
}

// The local parts machines send from. With one of the marketplace domains below they
// are never a customer; elsewhere only mailer-daemon and postmaster are certain.
constexpr std::array<std::string_view, 10> kNoReplyLocals = {
    "no-reply",     "noreply",  "do-not-reply", "donotreply",   "auto-confirm",
    "ship-confirm", "payments", "order-update", "notification", "notifications"};

constexpr std::array<std::string_view, 16> kMarketplaceDomains = {
    "amazon.co.jp", "amazon.com",    "amazon.de",     "amazon.co.uk", "amazon.fr",  "amazon.it",
    "amazon.es",    "amazon.ca",     "amazon.com.au", "ebay.com",     "ebay.co.jp", "etsy.com",
    "shopify.com",  "rakuten.co.jp", "mercari.com",   "yahoo-corp.jp"};

}  // namespace

bool IsSystemAddress(std::string_view address, const std::vector<std::string>& shop_entries) {
  const std::string_view local = LocalPart(address);
  if (local == "mailer-daemon" || local == "postmaster") return true;
  const std::string_view domain = DomainOf(address);
  if (!domain.empty()) {
    for (std::string_view base : kMarketplaceDomains) {
      if (!InDomain(domain, base)) continue;
      for (std::string_view l : kNoReplyLocals) {
        if (local == l) return true;
      }
    }
  }
  for (const std::string& raw_entry : shop_entries) {
    const std::string entry = AsciiLower(raw_entry);
    if (entry.empty()) continue;
    if (entry.front() == '@') {
      if (!domain.empty() && InDomain(domain, std::string_view(entry).substr(1))) return true;
    } else if (entry.back() == '@') {
      if (local == std::string_view(entry).substr(0, entry.size() - 1)) return true;
    } else if (entry == address) {
      return true;
    }
  }
  return false;
}

bool IsFormSender(std::string_view address) {
  const std::string_view local = LocalPart(address);
  const std::string_view domain = DomainOf(address);
  if (InDomain(domain, "shopify.com") && (local == "mailer" || local == "no-reply")) return true;
  if (local == "wordpress") return true;  // WordPress contact forms send as wordpress@<site>
  return address == "forms-receipts-noreply@google.com";
}

bool IsAnswerableAddress(std::string_view address) {
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || address.find('@', at + 1) != address.npos) {
    return false;
  }
  const std::string_view domain = address.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.') {
    return false;
  }
  return !InDomain(domain, "invalid");
}

bool IsTemplateSubject(std::string_view subject) {
  const std::string key = NormalizeSubject(subject);
  if (key.empty()) return false;
  // Keys are NFKC case-folded, so every pattern here is written folded.
  static constexpr std::array<std::string_view, 9> kPrefixes = {
      "new customer message on",  // Shopify's contact form
      "you have a new message",  "you have received a new message",
      "new message from",        "undelivered mail returned to sender",
      "mail delivery failed",    "delivery status notification",
      "undeliverable:",          "returned mail"};
  static constexpr std::array<std::string_view, 8> kContains = {
      "failure notice",       "delivery failure",      "配信されませんでした",
      "配信できませんでした", "新しいメッセージ",      "お問い合わせがありました",
      "お問い合わせフォーム", "メッセージが届きました"};
  for (std::string_view p : kPrefixes) {
    if (key.starts_with(p)) return true;
  }
  for (std::string_view c : kContains) {
    if (key.find(c) != std::string::npos) return true;
  }
  return false;
}

std::string FindFormEmail(std::string_view body) {
  static constexpr std::array<std::string_view, 5> kLabels = {"email", "e-mail", "メールアドレス",
                                                              "メール", "mail"};
  size_t pos = 0;
  while (pos < body.size()) {
    size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) eol = body.size();
    const std::string line = FoldForMatching(body.substr(pos, eol - pos));
    pos = eol + 1;
    // NFKC made a full-width colon ASCII.
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string label = line.substr(0, colon);
    while (!label.empty() && (label.back() == ' ' || label.back() == '\t')) label.pop_back();
    const auto b = label.find_first_not_of(" \t*-");  // list marks before the label
    label = b == std::string::npos ? "" : label.substr(b);
    bool labelled = false;
    for (std::string_view l : kLabels) labelled = labelled || label == l;
    if (!labelled) continue;
    std::string value = line.substr(colon + 1);
    const auto vb = value.find_first_not_of(" \t<");
    if (vb == std::string::npos) continue;
    value = value.substr(vb);
    const auto ve = value.find_first_of(" \t\r>");
    value = value.substr(0, ve);
    if (IsAnswerableAddress(value)) return AsciiLower(value);
  }
  return "";
}

bool IsUndeliveredNotice(std::string_view subject) {
  const std::string key = NormalizeSubject(subject);
  return key.find("配信されませんでした") != std::string::npos ||
         key.find("配信できませんでした") != std::string::npos ||
         key.find("could not be delivered") != std::string::npos ||
         key.find("was not delivered") != std::string::npos ||
         key.find("undeliverable") != std::string::npos;
}

}  // namespace shopdesk
