#pragma once

// A conversation as an agent reads it, and everything held about one customer: the
// read models services assemble and views render (views/json_views.h).

#include <optional>
#include <vector>

#include "core/conversation.h"
#include "core/conversation_activity.h"
#include "core/customer.h"
#include "core/message.h"

namespace shopdesk {

struct ConversationDetail {
  Conversation conversation;
  Customer customer;
  std::vector<Message> messages;               // oldest first, with attachments
  std::vector<ConversationActivity> activity;  // oldest first
  // For the viewer Get was asked for: whether the customer wrote since they last had
  // it open (IsUnread); nullopt without a viewer.
  std::optional<bool> unread;
};

// Everything held about one customer (a privacy export).
struct CustomerRecord {
  Customer customer;
  std::vector<CustomerIdentity> identities;       // its e-mail address first
  std::vector<ConversationDetail> conversations;  // oldest first, messages with attachments
};

}  // namespace shopdesk
