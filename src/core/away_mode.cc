#include "core/away_mode.h"

#include <algorithm>
#include <string_view>

#include "core/mustache.h"
#include "core/text_normalize.h"

namespace shopdesk {
namespace {

constexpr std::size_t kMaxMessageBytes = 5000;

bool StartsWith(std::string_view s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// Local parts that belong to machines, not people (RFC 3834 section 2 and RFC 2142):
// answering them reaches nobody, or starts a loop.
bool IsNoReplyLocalPart(std::string_view local) {
  for (std::string_view prefix :
       {"noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply",
        "mailer-daemon", "postmaster", "bounce", "owner-", "listserv", "majordomo"}) {
    if (StartsWith(local, prefix)) return true;
  }
  return local.ends_with("-request") || local.ends_with("-bounces") ||
         local.ends_with("-noreply") || local.ends_with("-no-reply");
}

}  // namespace

std::string DefaultAwayMessage() {
  return "{{customer.salutation}}\n\n"
         "お問い合わせいただき、ありがとうございます。{{shop.name}}でございます。\n"
         "ただいま{{away_reason}}のため、すぐにお返事ができません。\n"
         "{{reply_by}}までにご返信いたしますので、今しばらくお待ちくださいませ。\n\n"
         "※このメールは自動送信です。";
}

Status ValidateAwaySettings(const AwaySettings& settings) {
  if (settings.message.size() > kMaxMessageBytes) {
    return Error::InvalidArgument("message is " + std::to_string(settings.message.size()) +
                                  " bytes; an away message holds at most 5000 bytes");
  }
  const std::string& text = settings.message.empty() ? DefaultAwayMessage() : settings.message;
  auto compiled = MustacheTemplate::Compile(text);
  if (!compiled) return Error::InvalidArgument("message: " + compiled.error().message);
  for (const auto& name : compiled->Names()) {
    const bool known = std::any_of(std::begin(kAwayVariables), std::end(kAwayVariables),
                                   [&](const char* v) { return name.name == v; });
    if (!known) {
      return Error::InvalidArgument("message: template error at line " + std::to_string(name.line) +
                                    ", column " + std::to_string(name.column) +
                                    ": unknown variable '" + name.name +
                                    "' (known: customer.salutation, shop.name, reply_by, "
                                    "away_reason)");
    }
  }
  if (settings.from && settings.until && *settings.from >= *settings.until) {
    return Error::InvalidArgument("from (" + FormatIso8601(*settings.from) +
                                  ") must be before until (" + FormatIso8601(*settings.until) +
                                  ")");
  }
  if (settings.period < kMillisPerHour || settings.period > 30 * kMillisPerDay) {
    return Error::InvalidArgument("period_hours must be between 1 and 720");
  }
  return Ok();
}

std::string_view AwayReasonName(AwayReason reason) {
  switch (reason) {
    case AwayReason::kTemporarilyClosed:
      return "temporarily_closed";
    case AwayReason::kOnHoliday:
      return "on_holiday";
    case AwayReason::kOutsideHours:
      return "outside_hours";
  }
  return "outside_hours";
}

std::string_view AwayReasonJapanese(AwayReason reason) {
  switch (reason) {
    case AwayReason::kTemporarilyClosed:
      return "臨時休業中";
    case AwayReason::kOnHoliday:
      return "休業中";
    case AwayReason::kOutsideHours:
      return "営業時間外";
  }
  return "営業時間外";
}

std::optional<AwayReason> AwayReasonAt(const AwaySettings& settings,
                                       const BusinessCalendar& calendar, Timestamp now) {
  if (settings.enabled) return AwayReason::kTemporarilyClosed;
  const bool scheduled = settings.from || settings.until;
  if (scheduled && (!settings.from || *settings.from <= now) &&
      (!settings.until || now < *settings.until)) {
    return AwayReason::kOnHoliday;
  }
  // Closed now: no business time in the next minute.
  if (settings.outside_business_hours &&
      BusinessTimeBetween(calendar, now, now + 60 * kMillisPerSecond) == 0) {
    return AwayReason::kOutsideHours;
  }
  return std::nullopt;
}

Result<Timestamp> PromisedReplyTime(const AwaySettings& settings, const BusinessCalendar& calendar,
                                    Timestamp now, std::optional<Timestamp> deadline) {
  Timestamp back = now;
  if (settings.until && *settings.until > now) back = *settings.until;
  auto promised = AddBusinessTime(calendar, back, kMillisPerHour);
  if (!promised) return promised.error();
  const LocalTime local = ToLocal(*promised, calendar.time_zone);
  const bool whole_hour = local.minute % 60 == 0 && *promised % (60 * kMillisPerSecond) == 0;
  const Timestamp rounded =
      whole_hour ? *promised
                 : FromLocal(local.date, (local.minute / 60 + 1) * 60, calendar.time_zone);
  if (!deadline || rounded <= *deadline) return rounded;
  // The clock is due first: promise its hour (down to the full hour, never later).
  const LocalTime due = ToLocal(*deadline, calendar.time_zone);
  return std::max(now, FromLocal(due.date, due.minute / 60 * 60, calendar.time_zone));
}

std::optional<std::string> ReasonNotToAutoReply(const MessageFlags& flags,
                                                const std::string& from_address,
                                                const std::string& own_address) {
  if (flags.auto_submitted) return "auto_submitted";
  if (flags.bulk) return "bulk";
  if (flags.bounce) return "bounce";
  const std::string from = AsciiLower(from_address);
  if (from.empty() || from.ends_with("@invalid")) return "no_reply_address";
  if (from == AsciiLower(own_address)) return "own_address";
  const auto at = from.find('@');
  if (at == std::string::npos || IsNoReplyLocalPart(std::string_view(from).substr(0, at))) {
    return "no_reply_address";
  }
  return std::nullopt;
}

}  // namespace shopdesk
