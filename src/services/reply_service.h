#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "channels/channel_registry.h"
#include "core/clock.h"
#include "core/conversation.h"
#include "core/message.h"
#include "core/result.h"
#include "store/database.h"

namespace shopdesk::services {

// What a reply may carry: a total that the receiving mail servers of Japanese
// customers accept (carrier mail refuses more than 10 MB; Gmail 25 MB, counted after
// base64, which adds a third), in at most 10 files.
inline constexpr std::size_t kMaxReplyAttachments = 10;
inline constexpr std::int64_t kMaxReplyAttachmentBytes = 10 * 1024 * 1024;

// A file the agent attached: stored in the shop's blob store with the reply, sent
// with it.
struct DraftAttachment {
  std::string filename;      // as the browser named it; made safe (SafeFilename)
  std::string content_type;  // as the browser said; application/octet-stream if unusable
  std::string data;
};

struct ReplyDraft {
  std::string text;  // required, the plain-text body
  std::string html;  // optional alternative
  // Optional status to set with the reply (e.g. pending: waiting for the customer).
  std::optional<ConversationStatus> status;
  // An automatic answer (away mode): sent with Auto-Submitted: auto-replied, and it
  // never satisfies a response target.
  bool automatic = false;
  // The intent of a saved reply used in this reply: inserting the reply only suggested
  // it; the conversation takes it with the reply when it has no intent yet.
  std::string intent = {};
  // Copies, on a channel that takes them (ChannelCapabilities::takes_copies): Cc and Bcc addresses,
  // at most 20 in all. InvalidArgument (reason reply.copies_mail_only / reply.copy_address) else.
  std::vector<std::string> cc = {};
  std::vector<std::string> bcc = {};
  // At most kMaxReplyAttachments files of kMaxReplyAttachmentBytes in all; TooLarge
  // (reply.attachments_too_large) / InvalidArgument (reply.too_many_attachments,
  // reply.attachment_empty) else.
  std::vector<DraftAttachment> attachments = {};
};

// Stores an outbound message answering the customer's newest message (its sender, its
// Message-ID and thread) as `queued`, with its outbox job. Leaves the conversation row
// to the caller; a reply on a channel that does not send (`channels`) is stored for
// the agent to send by hand instead. REQUIRES: inside a write transaction;
// CanReply(conversation). Errors as ReplyService::Reply.
Result<Message> QueueOutbound(store::Database& db, const channels::ChannelRegistry& channels,
                              const Conversation& conversation, std::optional<AgentId> author,
                              const ReplyDraft& draft, Timestamp now);

// Agents answering: a reply is stored as `queued` together with its outbox job in
// one transaction, so it is sent (by OutboxWorker) exactly when it was stored; an
// internal note is stored and never sent. Not thread-safe; one per thread.
class ReplyService {
 public:
  ReplyService(store::Database& db, const Clock& clock,
               const channels::ChannelRegistry& channels = channels::BuiltInChannels());

  // Errors: NotFound (conversation or agent not in the shop), InvalidArgument (empty
  // body, body over 1 MB, no customer address to answer), Conflict (closed, or an
  // illegal status change).
  Result<Message> Reply(ShopId shop, ConversationId id, AgentId author, const ReplyDraft& draft);
  // A note for colleagues; `mentions` (agents named with @ in it) are told over the
  // live events. NotFound for a mentioned agent not in the shop, Conflict for one removed.
  Result<Message> AddNote(ShopId shop, ConversationId id, AgentId author, const std::string& text,
                          std::vector<AgentId> mentions = {});
  // The agent `by` sent reply `id` by hand on the channel's own site (delivery manual):
  // it is sent now, and answers the conversation's clocks now. Conflict for any other
  // delivery state.
  Result<Message> MarkSent(ShopId shop, MessageId id, AgentId by);
  // Queues a failed outbound message again (a new outbox job, attempts kept).
  // Conflict unless its delivery state is failed.
  Result<Message> RetryDelivery(ShopId shop, MessageId id);

 private:
  store::Database& db_;
  const Clock& clock_;
  const channels::ChannelRegistry& channels_;
};

}  // namespace shopdesk::services
