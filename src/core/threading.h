#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/conversation.h"
#include "core/time.h"

namespace shopdesk {

// Which conversation an inbound message joins is decided in this order (the first
// rule that finds a conversation wins; ingest performs the look-ups):
//   1. a message it answers: In-Reply-To, then References newest first;
//   2. the same Amazon order id (subject first, then body) in a conversation that is
//      not closed;
//   3. the same customer, the same normalized subject, last activity within the
//      window (default 14 days), not closed.
// Otherwise a new conversation starts. A closed conversation is never joined: a
// reply to it starts a new conversation. Two customers are never merged by rule 3.
struct ThreadingKeys {
  std::vector<std::string> referenced_ids;  // In-Reply-To first, then References newest first
  std::string order_id;
  std::string normalized_subject;
};

ThreadingKeys ComputeThreadingKeys(std::string_view in_reply_to,
                                   const std::vector<std::string>& references,
                                   std::string_view subject, std::string_view body);

struct ThreadingPolicy {
  Timestamp subject_window = 14 * kMillisPerDay;
};

// Whether `candidate` may take a message by rule 3 (or any rule: closed never may).
bool MayJoin(const Conversation& candidate);
bool MayJoinBySubject(const Conversation& candidate, CustomerId customer,
                      std::string_view normalized_subject, Timestamp now,
                      const ThreadingPolicy& policy);

}  // namespace shopdesk
