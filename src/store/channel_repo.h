#pragma once

#include <string>
#include <vector>

#include "core/channel.h"
#include "core/result.h"

namespace shopdesk::store {

class ChannelRepo {
 public:
  virtual ~ChannelRepo() = default;
  // Inserts; fills id and created_at. Conflict when the name is taken in the shop.
  virtual Result<Channel> Create(const Channel& channel) = 0;
  virtual Result<Channel> Find(ShopId shop, ChannelId id) = 0;
  virtual Result<Channel> FindByName(ShopId shop, const std::string& name) = 0;
  virtual Result<std::vector<Channel>> List(ShopId shop) = 0;
  // Address, display name, settings and `polled` (not kind or name). NotFound when
  // the shop has no such channel.
  virtual Status Update(const Channel& channel) = 0;
  // Claims up to `limit` channels of any shop that are polled and due
  // (poll_due_at <= due_before), moving their due time to `lease_until` so no other
  // worker polls them meanwhile. REQUIRES: inside a write transaction.
  virtual Result<std::vector<Channel>> ClaimDuePolls(Timestamp due_before, Timestamp lease_until,
                                                     int limit) = 0;
  // Sets when the channel is next due for polling (ends a claim's lease).
  virtual Status SchedulePoll(ShopId shop, ChannelId id, Timestamp due_at) = 0;
  // `last_error_reason`: PackReason of the error (core/error.h), "" for none.
  virtual Status UpdateHealth(ShopId shop, ChannelId id, bool healthy,
                              const std::string& last_error, const std::string& last_error_reason,
                              Timestamp checked_at) = 0;
};

}  // namespace shopdesk::store
