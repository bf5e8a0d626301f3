#include "core/threading.h"

#include <algorithm>

#include "core/order_id.h"
#include "core/subject_normalizer.h"

namespace shopdesk {

ThreadingKeys ComputeThreadingKeys(std::string_view in_reply_to,
                                   const std::vector<std::string>& references,
                                   std::string_view subject, std::string_view body) {
  ThreadingKeys keys;
  auto add = [&keys](std::string_view id) {
    if (id.empty()) return;
    if (std::find(keys.referenced_ids.begin(), keys.referenced_ids.end(), id) ==
        keys.referenced_ids.end()) {
      keys.referenced_ids.emplace_back(id);
    }
  };
  add(in_reply_to);
  for (auto it = references.rbegin(); it != references.rend(); ++it) add(*it);
  keys.order_id = FindAmazonOrderId(subject, body);
  keys.normalized_subject = NormalizeSubject(subject);
  return keys;
}

bool MayJoin(const Conversation& candidate) {
  return candidate.status != ConversationStatus::kClosed;
}

bool MayJoinBySubject(const Conversation& candidate, CustomerId customer,
                      std::string_view normalized_subject, Timestamp now,
                      const ThreadingPolicy& policy) {
  return MayJoin(candidate) && candidate.customer_id == customer && !normalized_subject.empty() &&
         candidate.normalized_subject == normalized_subject &&
         candidate.last_activity_at >= now - policy.subject_window;
}

}  // namespace shopdesk
