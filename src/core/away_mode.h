#pragma once

// Away mode: while the shop is away (switched on, inside a scheduled absence such as
// 夏季休業, or outside its business hours when it asks for that), a customer's mail gets
// one automatic answer naming when the shop will reply. Loop-safe as RFC 3834 asks:
// never to automatic, bulk or list mail, bounces, no-reply addresses or the shop's own
// address, and at most once per customer per period.

#include <optional>
#include <string>

#include "core/business_calendar.h"
#include "core/ids.h"
#include "core/message.h"
#include "core/result.h"
#include "core/time.h"

namespace shopdesk {

struct AwaySettings {
  ShopId shop_id = 0;
  bool enabled = false;                 // the switch: away now, until switched off
  bool outside_business_hours = false;  // answer mail arriving while the shop is closed
  std::optional<Timestamp> from;        // a scheduled absence [from, until)
  std::optional<Timestamp> until;
  std::string message;                     // Mustache; empty: DefaultAwayMessage()
  Timestamp period = 24 * kMillisPerHour;  // at most one automatic answer per customer in it
};

// Why the shop is away at a moment, as the answer and the desk's banner say it. The
// switch wins over a scheduled absence, which wins over closed hours.
enum class AwayReason {
  kTemporarilyClosed,  // the switch: 臨時休業
  kOnHoliday,          // inside a scheduled absence (夏季休業, 年末年始): 休業中
  kOutsideHours,       // outside business hours, or a closed day: 営業時間外
};
std::string_view AwayReasonName(AwayReason reason);  // "temporarily_closed", ...
// 「臨時休業中」「休業中」「営業時間外」.
std::string_view AwayReasonJapanese(AwayReason reason);

// The Mustache variables an away message may use.
//   customer.salutation: 「山田 太郎様」, or 「お客様」 without a name
//   shop.name, reply_by: 「11月24日(火) 10時」, away_reason: 「臨時休業中」「休業中」「営業時間外」
inline constexpr const char* kAwayVariables[] = {"customer.salutation", "shop.name", "reply_by",
                                                 "away_reason"};

std::string DefaultAwayMessage();

// InvalidArgument naming the field: an unknown variable or unclosed tag in the message
// (line and column), a message over 5,000 bytes, from after until, a period outside
// 1 hour to 30 days.
Status ValidateAwaySettings(const AwaySettings& settings);

// Why the shop is away at `now`, or nullopt when it is not. REQUIRES:
// ValidateCalendar(calendar).
std::optional<AwayReason> AwayReasonAt(const AwaySettings& settings,
                                       const BusinessCalendar& calendar, Timestamp now);
inline bool IsAway(const AwaySettings& settings, const BusinessCalendar& calendar, Timestamp now) {
  return AwayReasonAt(settings, calendar, now).has_value();
}

// When the shop promises to answer: one business hour after it is back (the end of a
// scheduled absence, or now), rounded up to the full hour in the shop's time zone;
// 「11月24日(火) 10時」 for a shop that opens at 9.
// With `deadline` (the conversation's response clock), never later than it: the
// answer promises no more than the clock allows, to the full hour before it.
Result<Timestamp> PromisedReplyTime(const AwaySettings& settings, const BusinessCalendar& calendar,
                                    Timestamp now,
                                    std::optional<Timestamp> deadline = std::nullopt);

// Why this inbound mail must not be answered automatically (RFC 3834 section 2), or
// nullopt when it may be: "auto_submitted", "bulk", "bounce", "no_reply_address",
// "own_address".
std::optional<std::string> ReasonNotToAutoReply(const MessageFlags& flags,
                                                const std::string& from_address,
                                                const std::string& own_address);

}  // namespace shopdesk
