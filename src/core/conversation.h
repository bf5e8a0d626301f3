#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.h"
#include "core/result.h"
#include "core/time.h"

namespace shopdesk {

enum class ConversationStatus { kOpen, kPending, kOnHold, kResolved, kClosed };

std::string_view StatusName(ConversationStatus status);
std::optional<ConversationStatus> ParseStatus(std::string_view name);

// A ticket: one matter with one customer on one channel.
struct Conversation {
  ShopId shop_id = 0;
  ConversationId id = 0;
  ChannelId channel_id = 0;
  CustomerId customer_id = 0;
  std::string subject;             // as first received, decoded
  std::string normalized_subject;  // NormalizeSubject(subject), the threading key
  std::string order_id;            // e.g. Amazon "250-1234567-1234567"; empty if none
  ConversationStatus status = ConversationStatus::kOpen;
  bool spam = false;
  bool no_reply_needed = false;
  std::optional<AgentId> assignee_id;
  std::optional<TeamId> team_id;  // the team it is routed to, if any
  std::vector<std::string> tags;  // sorted, unique
  // What the customer wants ("shipping", "return", ...), the same words as saved
  // replies' intents; "" until an agent (or a saved reply they send) sets it.
  std::string intent;
  Timestamp created_at = 0;
  Timestamp last_activity_at = 0;        // newest message in or out
  std::optional<Timestamp> due_at;       // when a response is owed; nullopt when none is
  std::optional<Timestamp> resolved_at;  // when last resolved or closed; nullopt while not
  // When the shop's latest reply failed to reach the customer (the send failed or it
  // bounced); nullopt once a reply is delivered. Such conversations lead the inbox.
  std::optional<Timestamp> delivery_failed_at;
  // When the newest inbound message arrived; nullopt before the first.
  std::optional<Timestamp> last_inbound_at;
  // On hold until then, when it opens again by itself; nullopt when not on hold or on
  // hold until someone changes it. Only set while the status is on_hold.
  std::optional<Timestamp> hold_until;
  int message_count = 0;
};

}  // namespace shopdesk
