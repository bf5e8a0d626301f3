#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/message.h"
#include "core/result.h"

namespace shopdesk::store {

class MessageRepo {
 public:
  virtual ~MessageRepo() = default;
  // Inserts the message and its attachment rows; fills ids. Conflict when
  // (shop, channel, external_id) exists already (callers check first).
  virtual Result<Message> Insert(const Message& message) = 0;
  virtual Result<Message> Find(ShopId shop, MessageId id) = 0;
  virtual Result<std::optional<Message>> FindByExternalId(ShopId shop, ChannelId channel,
                                                          const std::string& external_id) = 0;
  // Oldest first, with attachments.
  virtual Result<std::vector<Message>> ListByConversation(ShopId shop, ConversationId id) = 0;
  // The outbound message (a reply the shop sent, on any channel) whose external id is
  // the first of `external_ids` that names one; nullopt when none does. Without
  // attachments.
  virtual Result<std::optional<Message>> FindOutboundByExternalIds(
      ShopId shop, const std::vector<std::string>& external_ids) = 0;
  // The newest outbound message of the conversation, without attachments; nullopt when
  // the shop never answered in it.
  virtual Result<std::optional<Message>> LatestOutbound(ShopId shop, ConversationId id) = 0;
  // `last_error_reason`: PackReason of the error (core/error.h), "" for none.
  virtual Status UpdateDelivery(ShopId shop, MessageId id, DeliveryState state, int attempts,
                                const std::string& last_error, const std::string& last_error_reason,
                                Timestamp sent_at) = 0;
  // The attachment and the id of the message holding it.
  virtual Result<std::pair<Attachment, MessageId>> FindAttachment(ShopId shop, AttachmentId id) = 0;
  virtual Result<std::int64_t> Count(ShopId shop) = 0;
};

}  // namespace shopdesk::store
