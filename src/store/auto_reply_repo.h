#pragma once

#include <optional>

#include "core/ids.h"
#include "core/result.h"
#include "core/time.h"

namespace shopdesk::store {

// The automatic answers away mode sent, per customer (issue 5).
class AutoReplyRepo {
 public:
  virtual ~AutoReplyRepo() = default;
  // When the customer last got an automatic answer; nullopt when never.
  virtual Result<std::optional<Timestamp>> LastAutoReply(ShopId shop, CustomerId customer) = 0;
  virtual Status RecordAutoReply(ShopId shop, CustomerId customer, MessageId message,
                                 Timestamp sent_at) = 0;
};

}  // namespace shopdesk::store
