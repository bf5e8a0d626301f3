#include "core/conversation_state.h"

#include <string>

namespace shopdesk {

std::string_view StatusName(ConversationStatus status) {
  switch (status) {
    case ConversationStatus::kOpen:
      return "open";
    case ConversationStatus::kPending:
      return "pending";
    case ConversationStatus::kOnHold:
      return "on_hold";
    case ConversationStatus::kResolved:
      return "resolved";
    case ConversationStatus::kClosed:
      return "closed";
  }
  return "open";
}

std::optional<ConversationStatus> ParseStatus(std::string_view name) {
  if (name == "open") return ConversationStatus::kOpen;
  if (name == "pending") return ConversationStatus::kPending;
  if (name == "on_hold") return ConversationStatus::kOnHold;
  if (name == "resolved") return ConversationStatus::kResolved;
  if (name == "closed") return ConversationStatus::kClosed;
  return std::nullopt;
}

bool IsLegalTransition(ConversationStatus from, ConversationStatus to) {
  using S = ConversationStatus;
  if (from == to) return true;
  switch (from) {
    case S::kOpen:
    case S::kPending:
    case S::kOnHold:
      return true;
    case S::kResolved:
      return to == S::kOpen || to == S::kClosed;
    case S::kClosed:
      return false;
  }
  return false;
}

Result<ConversationStatus> Transition(ConversationStatus from, ConversationStatus to) {
  if (!IsLegalTransition(from, to)) {
    return Error::Conflict("a conversation cannot go from " + std::string(StatusName(from)) +
                           " to " + std::string(StatusName(to)) +
                           (from == ConversationStatus::kClosed
                                ? " (closed is final; the customer's next mail opens a new one)"
                                : ""))
        .WithReason("conversation.bad_transition",
                    {{"from", std::string(StatusName(from))}, {"to", std::string(StatusName(to))}});
  }
  return to;
}

ConversationStatus StatusAfterInbound(ConversationStatus from) {
  return from == ConversationStatus::kClosed ? from : ConversationStatus::kOpen;
}

Status CanChangeFlags(const Conversation& conversation) {
  if (conversation.status == ConversationStatus::kClosed) {
    return Error::Conflict("conversation " + std::to_string(conversation.id) +
                           " is closed; its flags can no longer change")
        .WithReason("conversation.closed");
  }
  return Ok();
}

Status CanReply(const Conversation& conversation) {
  if (conversation.status == ConversationStatus::kClosed) {
    return Error::Conflict("conversation " + std::to_string(conversation.id) +
                           " is closed; reopening is not possible, write a new message instead")
        .WithReason("conversation.closed");
  }
  return Ok();
}

bool AwaitsResponse(const Conversation& conversation) {
  return conversation.status == ConversationStatus::kOpen && !conversation.spam &&
         !conversation.no_reply_needed;
}

void SetStatus(Conversation& conversation, ConversationStatus to, Timestamp now) {
  const bool done = to == ConversationStatus::kResolved || to == ConversationStatus::kClosed;
  if (!done) {
    conversation.resolved_at.reset();
  } else if (!conversation.resolved_at) {
    conversation.resolved_at = now;
  }
  conversation.status = to;
  if (to != ConversationStatus::kOnHold) conversation.hold_until.reset();
}

Status PutOnHold(Conversation& conversation, std::optional<Timestamp> until, Timestamp now) {
  auto next = Transition(conversation.status, ConversationStatus::kOnHold);
  if (!next) return next.error();
  if (until && *until <= now) {
    return Error::InvalidArgument("a hold must end in the future")
        .WithReason("conversation.hold_in_past", {{"until", FormatIso8601(*until)}});
  }
  SetStatus(conversation, ConversationStatus::kOnHold, now);
  conversation.hold_until = until;
  return Ok();
}

bool IsUnread(const Conversation& conversation, std::optional<Timestamp> read_at) {
  if (!conversation.last_inbound_at) return false;
  return !read_at || *read_at < *conversation.last_inbound_at;
}

void MarkDeliveryFailed(Conversation& conversation, Timestamp now) {
  SetStatus(conversation, ConversationStatus::kOpen, now);
  conversation.delivery_failed_at = now;
}

}  // namespace shopdesk
