#pragma once

// The shop's response targets per channel, its business hours and away mode, read by every agent
// and changed by owners and admins. A change is audited in its transaction; a change
// of the business hours recomputes every running business-time deadline in the same
// transaction, so no conversation shows a due time from the old hours. Not
// thread-safe; one per request.

#include <string>
#include <vector>

#include "core/agent.h"
#include "core/away_mode.h"
#include "core/business_calendar.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/sla_clock.h"
#include "core/sla_policy.h"
#include "store/database.h"

namespace shopdesk::services {

// A channel's policy as shown: saved or the default.
struct ChannelSlaPolicy {
  Channel channel;
  SlaPolicy policy;
};

struct CalendarSaved {
  BusinessCalendar calendar;
  std::int64_t deadlines_recomputed = 0;
};

// The clocks and the event log of one conversation.
struct ConversationSla {
  std::vector<SlaClock> clocks;
  std::vector<SlaEvent> events;
};

struct AwayView {
  AwaySettings settings;
  bool away_now = false;
  std::optional<AwayReason> reason;   // why, while away
  std::optional<Timestamp> reply_by;  // while away: what an answer sent now promises
  std::string preview;
};

class SlaSettings {
 public:
  SlaSettings(store::Database& db, const Clock& clock, const Agent& by, std::string remote_address);

  Result<std::vector<ChannelSlaPolicy>> ListPolicies();
  // PermissionDenied unless owner or admin; NotFound for a channel not of the shop;
  // InvalidArgument (NormalizeSlaPolicy) naming the field. Clocks already running keep
  // the target they started with; the new one applies from the next message.
  Result<ChannelSlaPolicy> SetPolicy(SlaPolicy policy);

  Result<BusinessCalendar> GetCalendar();
  // InvalidArgument (ValidateCalendar) naming the day and times; nothing is saved then.
  Result<CalendarSaved> SetCalendar(BusinessCalendar calendar);

  // NotFound for a conversation not of the shop.
  Result<ConversationSla> ConversationClocks(ConversationId conversation);

  // Away mode as saved (never away until set), whether the shop is away now, and the
  // message as a customer without a known name would get it now.
  Result<AwayView> GetAway();
  // InvalidArgument (ValidateAwaySettings) naming the field; nothing saved then.
  Result<AwayView> SetAway(AwaySettings settings);

 private:
  store::Database& db_;
  const Clock& clock_;
  const Agent& by_;
  std::string remote_address_;
};

}  // namespace shopdesk::services
