#pragma once

// Who wrote an inbound mail, decided from its addresses and subject alone (no I/O).
// The inbound pipeline's classify step (services/inbound/classify_sender.h) applies
// these rules; they live here so that they can be tested without a mail parser.

#include <string>
#include <string_view>
#include <vector>

namespace shopdesk {

// What kind of sender a mail has.
enum class SenderKind {
  kCustomer,           // a person who may want an answer (also via a form or relay)
  kMarketplaceNotice,  // a marketplace's or service's own system mail (no-reply@amazon.co.jp)
  kBounce,             // a delivery status notification (mailer-daemon, postmaster, DSN)
  kAutoReply,          // an automatic answer (RFC 3834 Auto-Submitted, X-Autoreply)
  kBulk,               // a mailing list or newsletter (List-Id, Precedence: bulk)
};

// True for the addresses of machines that never are a customer: any mailer-daemon@ or
// postmaster@ (also bare, without a domain), the no-reply senders of the marketplaces
// (no-reply@amazon.co.jp, ...), and the shop's own entries. A shop entry is an exact
// address ("info@carrier.example"), a domain ("@carrier.example": every address
// there) or a local part ("noreply@": that name at every domain); case-insensitive.
// REQUIRES: `address` lower-cased.
bool IsSystemAddress(std::string_view address, const std::vector<std::string>& shop_entries);

// True for senders that deliver a form or notification on behalf of a customer, whose
// customer is named in Reply-To or the body (Shopify's mailer@shopify.com, WordPress's
// wordpress@, Google Forms). REQUIRES: `address` lower-cased.
bool IsFormSender(std::string_view address);

// True when `address` can receive an answer: one '@' with a non-empty local part and a
// domain holding a dot, not under the reserved .invalid domain.
bool IsAnswerableAddress(std::string_view address);

// True for subjects that notification templates write, which say nothing of the
// matter ("New customer message on May 3, 2024 at 10:15 am", "Undelivered Mail
// Returned to Sender", 「メッセージが配信されませんでした」): two mails with such a
// subject are never threaded together by subject alone.
bool IsTemplateSubject(std::string_view subject);

// The customer's address in a form notification's body: the first "Email:",
// "E-mail:", "メールアドレス：" (full- or half-width colon) line, lower-cased; "" when none.
std::string FindFormEmail(std::string_view body);

// True for a marketplace's notice that a message to a buyer was not delivered
// (Amazon's 「メッセージが配信されませんでした」 / "Your message could not be delivered").
bool IsUndeliveredNotice(std::string_view subject);

}  // namespace shopdesk
