#pragma once

// The automatic answer of away mode (core/away_mode.h), sent from inside the
// transaction that stores the customer's mail: the answer is queued exactly when the
// mail is stored, so a mail fetched twice is answered once.

#include <optional>

#include "channels/channel_registry.h"
#include "core/channel.h"
#include "core/conversation.h"
#include "core/message.h"
#include "core/result.h"
#include "services/response_clock.h"
#include "store/database.h"

namespace shopdesk::services {

// Queues the away message for `inbound` when the shop is away, the mail may be
// answered automatically (RFC 3834) and the customer got none within the period; the
// conversation's message count and activity follow (the caller writes it). nullopt
// when nothing was sent. REQUIRES: inside the write transaction that stored `inbound`.
// Errors only for database failures: a mail that cannot be answered is simply not.
// `cache` (may be null) serves the away settings and the calendar; `channels` says
// whether the channel sends at all.
Result<std::optional<Message>> AnswerWhileAway(store::Database& db,
                                               const channels::ChannelRegistry& channels,
                                               const Channel& channel, Conversation& conversation,
                                               const Message& inbound, Timestamp now,
                                               SlaSettingsCache* cache = nullptr);

// The away message for this conversation as it would be sent now (for the settings
// page's preview): rendered with the customer's salutation, the shop's name and the
// promised time.
Result<std::string> RenderAwayMessage(store::Database& db, const AwaySettings& settings,
                                      const Conversation* conversation, Timestamp now);

}  // namespace shopdesk::services
