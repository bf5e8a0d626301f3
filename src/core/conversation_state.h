#pragma once

#include "core/conversation.h"
#include "core/result.h"

namespace shopdesk {

// The conversation state machine. Legal status transitions:
//   open     -> pending, on_hold, resolved, closed
//   pending  -> open, on_hold, resolved, closed
//   on_hold  -> open, pending, resolved, closed
//   resolved -> open, closed
//   closed   -> (none: closed is final; a later mail starts a new conversation),
//               except that a reply which closed it and then failed to reach the
//               customer opens it again (MarkDeliveryFailed)
// A transition to the current status is accepted as a no-op.
bool IsLegalTransition(ConversationStatus from, ConversationStatus to);

// Returns `to`, or Conflict with a message naming both states when illegal.
Result<ConversationStatus> Transition(ConversationStatus from, ConversationStatus to);

// The status after a customer's new inbound message: pending, on-hold and resolved
// conversations reopen; open stays open. REQUIRES: from != closed (a closed
// conversation never receives messages; threading starts a new one).
ConversationStatus StatusAfterInbound(ConversationStatus from);

// Sets the status and keeps resolved_at in step: set when the conversation becomes
// resolved or closed, cleared when it opens again (reports measure resolution time).
// Any status but on_hold ends a hold (hold_until is cleared).
void SetStatus(Conversation& conversation, ConversationStatus to, Timestamp now);

// Puts the conversation on hold until `until` (nullopt: until someone changes it).
// Conflict when on_hold is not a legal next status; InvalidArgument when `until` is
// not after `now`.
Status PutOnHold(Conversation& conversation, std::optional<Timestamp> until, Timestamp now);

// Whether a customer wrote since the agent whose read mark is `read_at` (nullopt:
// never opened it) last had the conversation open.
bool IsUnread(const Conversation& conversation, std::optional<Timestamp> read_at);

// The shop's reply did not reach the customer (it failed, or bounced) at `now`: the
// conversation is open again, whatever its status, and marked as failed until a
// reply is delivered.
void MarkDeliveryFailed(Conversation& conversation, Timestamp now);

// Flags (spam, no_reply_needed) can change in every status except closed.
Status CanChangeFlags(const Conversation& conversation);

// Whether an agent may add a reply or a note.
Status CanReply(const Conversation& conversation);

// Whether a response is owed: open, not spam, not marked no_reply_needed.
bool AwaitsResponse(const Conversation& conversation);

}  // namespace shopdesk
