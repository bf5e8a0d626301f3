#include "core/away_mode.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

Timestamp At(const char* iso) { return *ParseIso8601(iso); }

// 平日 09:00-18:00 in Tokyo, closed on national holidays.
BusinessCalendar Weekdays() {
  BusinessCalendar c;
  for (int day = 1; day <= 5; ++day) c.weekly[day] = {{9 * 60, 18 * 60}};
  return c;
}

TEST(AwayModeTest, AwayBySwitchScheduleOrClosedHours) {
  const BusinessCalendar c = Weekdays();
  AwaySettings s;
  const Timestamp tuesday_night = At("2026-11-24T21:00:00+09:00");
  const Timestamp tuesday_noon = At("2026-11-24T12:00:00+09:00");
  EXPECT_FALSE(IsAway(s, c, tuesday_night));
  s.outside_business_hours = true;
  EXPECT_TRUE(IsAway(s, c, tuesday_night));
  EXPECT_FALSE(IsAway(s, c, tuesday_noon));
  EXPECT_TRUE(IsAway(s, c, At("2026-11-23T12:00:00+09:00")));  // 勤労感謝の日
  s.outside_business_hours = false;
  s.from = At("2026-08-10T00:00:00+09:00");
  s.until = At("2026-08-17T00:00:00+09:00");  // 夏季休業
  EXPECT_TRUE(IsAway(s, c, At("2026-08-12T12:00:00+09:00")));
  EXPECT_FALSE(IsAway(s, c, At("2026-08-17T12:00:00+09:00")));
  s.enabled = true;
  EXPECT_TRUE(IsAway(s, c, tuesday_noon));
}

TEST(AwayModeTest, PromisesOneBusinessHourAfterReturnOnTheHour) {
  const BusinessCalendar c = Weekdays();
  AwaySettings s;
  s.outside_business_hours = true;
  // Friday night before a holiday Monday (2026-11-23): Tuesday 10:00.
  auto promised = PromisedReplyTime(s, c, At("2026-11-20T22:13:00+09:00"));
  ASSERT_TRUE(promised);
  EXPECT_EQ(*promised, At("2026-11-24T10:00:00+09:00"));
  EXPECT_EQ(FormatJapaneseDeadline(*promised, c.time_zone), "11月24日(火) 10時");
  // Inside hours at 14:20: 15:20 rounds up to 16:00.
  EXPECT_EQ(*PromisedReplyTime(s, c, At("2026-11-24T14:20:00+09:00")),
            At("2026-11-24T16:00:00+09:00"));
  // A scheduled absence counts from its end.
  s.until = At("2026-08-17T00:00:00+09:00");
  EXPECT_EQ(*PromisedReplyTime(s, c, At("2026-08-12T12:00:00+09:00")),
            At("2026-08-17T10:00:00+09:00"));
}

TEST(AwayModeTest, SaysWhyItIsAwayAsItReallyIs) {
  const BusinessCalendar c = Weekdays();
  AwaySettings s;
  s.outside_business_hours = true;
  EXPECT_EQ(AwayReasonAt(s, c, At("2026-11-24T21:00:00+09:00")), AwayReason::kOutsideHours);
  EXPECT_EQ(AwayReasonAt(s, c, At("2026-11-23T12:00:00+09:00")), AwayReason::kOutsideHours);
  EXPECT_EQ(AwayReasonAt(s, c, At("2026-11-24T12:00:00+09:00")), std::nullopt);
  // A scheduled absence is 休業中, also in what would be business hours.
  s.from = At("2026-08-10T00:00:00+09:00");
  s.until = At("2026-08-17T00:00:00+09:00");
  EXPECT_EQ(AwayReasonAt(s, c, At("2026-08-12T12:00:00+09:00")), AwayReason::kOnHoliday);
  EXPECT_EQ(AwayReasonAt(s, c, At("2026-08-12T22:00:00+09:00")), AwayReason::kOnHoliday);
  // The switch is 臨時休業, whatever the hours.
  s.enabled = true;
  EXPECT_EQ(AwayReasonAt(s, c, At("2026-11-24T12:00:00+09:00")), AwayReason::kTemporarilyClosed);
  EXPECT_EQ(AwayReasonJapanese(AwayReason::kTemporarilyClosed), "臨時休業中");
  EXPECT_EQ(AwayReasonName(AwayReason::kOnHoliday), "on_holiday");
}

TEST(AwayModeTest, NeverPromisesLaterThanTheResponseClock) {
  const BusinessCalendar c = Weekdays();
  AwaySettings s;
  s.outside_business_hours = true;
  // Friday 22:13 before a holiday Monday: business hours say Tuesday 10:00, but a
  // 24-hour clock is due Saturday 22:13, so the answer promises Saturday 22時.
  const Timestamp friday = At("2026-11-20T22:13:00+09:00");
  EXPECT_EQ(*PromisedReplyTime(s, c, friday, friday + 24 * kMillisPerHour),
            At("2026-11-21T22:00:00+09:00"));
  // A clock due after the business promise changes nothing.
  EXPECT_EQ(*PromisedReplyTime(s, c, friday, At("2026-11-25T12:00:00+09:00")),
            At("2026-11-24T10:00:00+09:00"));
}

TEST(AwayModeTest, NeverAnswersMachinesOrItself) {
  MessageFlags person;
  EXPECT_FALSE(ReasonNotToAutoReply(person, "taro@example.jp", "support@sakura.example"));
  EXPECT_FALSE(ReasonNotToAutoReply(person, "abc123@marketplace.amazon.co.jp", "s@x"));
  MessageFlags flags;
  flags.auto_submitted = true;
  EXPECT_EQ(ReasonNotToAutoReply(flags, "taro@example.jp", "s@x"), "auto_submitted");
  flags = {};
  flags.bulk = true;
  EXPECT_EQ(ReasonNotToAutoReply(flags, "news@example.jp", "s@x"), "bulk");
  flags = {};
  flags.bounce = true;
  EXPECT_EQ(ReasonNotToAutoReply(flags, "x@example.jp", "s@x"), "bounce");
  for (const char* machine :
       {"donotreply@amazon.co.jp", "no-reply@etsy.com", "NoReply@shopify.com",
        "MAILER-DAEMON@mx.example", "postmaster@example.jp", "list-request@example.org",
        "owner-list@example.org", "bounces+123@sendgrid.net", "unknown-sender@invalid", ""}) {
    EXPECT_EQ(ReasonNotToAutoReply(person, machine, "s@x"), "no_reply_address") << machine;
  }
  EXPECT_EQ(ReasonNotToAutoReply(person, "Support@Sakura.example", "support@sakura.example"),
            "own_address");
}

TEST(AwayModeTest, Validation) {
  AwaySettings s;
  EXPECT_TRUE(ValidateAwaySettings(s));  // the default message is valid
  s.message = "{{customer.salutation}}\n{{reply_by}}までに{{order.number}}";
  auto bad = ValidateAwaySettings(s);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("line 2, column 22: unknown variable 'order.number'"),
            std::string::npos)
      << bad.error().message;
  s.message = "{{reply_by";
  EXPECT_FALSE(ValidateAwaySettings(s));
  s.message = "";
  s.from = At("2026-08-17T00:00:00+09:00");
  s.until = At("2026-08-10T00:00:00+09:00");
  EXPECT_FALSE(ValidateAwaySettings(s));
}

}  // namespace
}  // namespace shopdesk
