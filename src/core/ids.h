#pragma once

#include <cstdint>

namespace shopdesk {

// Row ids. Every row also carries its ShopId; an id alone never identifies a row
// across shops, so every lookup takes (shop_id, id).
using ShopId = std::int64_t;
using ChannelId = std::int64_t;
using AgentId = std::int64_t;
using CustomerId = std::int64_t;
using ConversationId = std::int64_t;
using MessageId = std::int64_t;
using AttachmentId = std::int64_t;
using OutboxJobId = std::int64_t;
// A person who logs in (not scoped by shop: their agents rows are) and their sessions.
using AccountId = std::int64_t;
using SessionId = std::int64_t;
using TeamId = std::int64_t;
using AuditEntryId = std::int64_t;
using ActivityId = std::int64_t;
using InboxViewId = std::int64_t;

}  // namespace shopdesk
