#include "services/reply_service.h"

#include <algorithm>

#include "channels/channel_adapter.h"
#include "core/attachment_name.h"
#include "core/conversation_state.h"
#include "core/digest.h"
#include "core/email_address.h"
#include "services/conversation_activity.h"
#include "services/conversation_service.h"
#include "services/live_events.h"
#include "services/response_clock.h"

namespace shopdesk::services {
namespace {

constexpr size_t kMaxBodyBytes = 1024 * 1024;

Status CheckBody(const std::string& text) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Error::InvalidArgument("the message body is empty").WithReason("reply.empty");
  }
  if (text.size() > kMaxBodyBytes) {
    return Error::TooLarge("the message body is over 1 MB").WithReason("reply.too_large");
  }
  return Ok();
}

// Copies go only on channels that take them (a marketplace relays to its buyer alone),
// to plain addresses, at most 20 in all.
Status CheckCopies(const channels::ChannelRegistry& channels, const Channel& channel,
                   const ReplyDraft& draft) {
  if (draft.cc.empty() && draft.bcc.empty()) return Ok();
  if (!channels.ConfiguredFor(channel).takes_copies) {
    return Error::InvalidArgument("copies (cc, bcc) go only on mail channels, not on '" +
                                  channel.kind + "'")
        .WithReason("reply.copies_mail_only");
  }
  if (draft.cc.size() + draft.bcc.size() > 20) {
    return Error::InvalidArgument("at most 20 copies (cc and bcc) per reply")
        .WithReason("reply.too_many_copies", {{"max", "20"}});
  }
  for (const auto* copies : {&draft.cc, &draft.bcc}) {
    for (const auto& address : *copies) {
      if (!IsPlainAddress(address)) {
        return Error::InvalidArgument("'" + address + "' is not an e-mail address")
            .WithReason("reply.copy_address", {{"address", address}});
      }
    }
  }
  return Ok();
}

// Files: how many, how large in all, none empty; names and types made safe.
Result<std::vector<Attachment>> CheckAttachments(const ReplyDraft& draft) {
  if (draft.attachments.size() > kMaxReplyAttachments) {
    return Error::InvalidArgument("at most " + std::to_string(kMaxReplyAttachments) +
                                  " attachments per reply")
        .WithReason("reply.too_many_attachments", {{"max", std::to_string(kMaxReplyAttachments)}});
  }
  std::int64_t total = 0;
  std::vector<Attachment> attachments;
  for (const auto& file : draft.attachments) {
    Attachment a;
    a.filename = SafeFilename(file.filename);
    if (a.filename.empty()) a.filename = "attachment";
    if (file.data.empty()) {
      return Error::InvalidArgument("the attachment '" + a.filename + "' is empty")
          .WithReason("reply.attachment_empty", {{"name", a.filename}});
    }
    a.content_type = SafeContentType(file.content_type);
    a.size = static_cast<std::int64_t>(file.data.size());
    total += a.size;
    attachments.push_back(std::move(a));
  }
  if (total > kMaxReplyAttachmentBytes) {
    const std::string max_mb = std::to_string(kMaxReplyAttachmentBytes / (1024 * 1024));
    return Error::TooLarge("the attachments are over " + max_mb + " MB in all")
        .WithReason("reply.attachments_too_large", {{"max_mb", max_mb}});
  }
  // Hashed only once the files are known to fit.
  for (size_t i = 0; i < attachments.size(); ++i) {
    attachments[i].sha256 = Sha256Hex(draft.attachments[i].data);
  }
  return attachments;
}

}  // namespace

ReplyService::ReplyService(store::Database& db, const Clock& clock,
                           const channels::ChannelRegistry& channels)
    : db_(db), clock_(clock), channels_(channels) {}

Result<Message> QueueOutbound(store::Database& db, const channels::ChannelRegistry& channels,
                              const Conversation& conversation, std::optional<AgentId> author,
                              const ReplyDraft& draft, Timestamp now) {
  SHOPDESK_TRY(CheckBody(draft.text));
  const ShopId shop = conversation.shop_id;
  auto channel = db.channels().Find(shop, conversation.channel_id);
  if (!channel) return channel.error();
  SHOPDESK_TRY(CheckCopies(channels, *channel, draft));
  auto attachments = CheckAttachments(draft);
  if (!attachments) return attachments.error();
  auto customer = db.customers().Find(shop, conversation.customer_id);
  if (!customer) return customer.error();
  auto history = db.messages().ListByConversation(shop, conversation.id);
  if (!history) return history.error();

  // Answer the customer's newest message, as the channel addresses and threads it.
  channels::ReplyContext answering{conversation.subject, nullptr, customer->email};
  for (const auto& m : *history) {
    if (m.direction == Direction::kInbound) answering.last_inbound = &m;
  }
  auto adapter = channels.For(channel->kind);
  if (!adapter) return adapter.error();
  channels::ReplyAddressing addressing = (*adapter)->AddressReply(*channel, answering);
  const std::string& to = addressing.to_address;
  // A reply sent by hand goes through the channel's own site, not to an address.
  const bool by_hand = !channels.CapabilitiesOf(channel->kind).sends_replies;
  if (!by_hand && (to.empty() || to.find('@') == std::string::npos || to.ends_with("@invalid"))) {
    return Error::InvalidArgument(
               "the customer has no e-mail address to reply to; add an internal note instead")
        .WithReason("reply.no_address");
  }

  Message message;
  message.shop_id = shop;
  message.conversation_id = conversation.id;
  message.channel_id = channel->id;
  message.direction = Direction::kOutbound;
  message.author_agent_id = author;
  message.from_name = channel->display_name;
  message.from_address = channel->address;
  message.to_address = to;
  message.cc = draft.cc;
  message.bcc = draft.bcc;
  message.subject = std::move(addressing.subject);
  message.text = draft.text;
  message.html = draft.html;
  message.external_id = std::move(addressing.external_id);
  message.in_reply_to = std::move(addressing.in_reply_to);
  message.references = std::move(addressing.references);
  message.delivery = by_hand ? DeliveryState::kManual : DeliveryState::kQueued;
  message.flags.auto_submitted = draft.automatic;
  message.created_at = now;
  for (size_t i = 0; i < attachments->size(); ++i) {
    SHOPDESK_TRY(db.blobs().Put(shop, (*attachments)[i].sha256, draft.attachments[i].data));
  }
  message.attachments = std::move(*attachments);
  auto stored = db.messages().Insert(message);
  if (!stored) return stored.error();
  if (by_hand) return stored;
  auto job = db.outbox().Enqueue(shop, stored->id, now);
  if (!job) return job.error();
  return stored;
}

Result<Message> ReplyService::Reply(ShopId shop, ConversationId id, AgentId author,
                                    const ReplyDraft& draft) {
  SHOPDESK_TRY(CheckBody(draft.text));
  auto intent = NormalizeIntent(draft.intent);
  if (!intent) return intent.error();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto conversation = db_.conversations().Find(shop, id);
  if (!conversation) return conversation.error();
  SHOPDESK_TRY(CanReply(*conversation));
  if (auto agent = db_.agents().Find(shop, author); !agent) return agent.error();
  const Timestamp now = clock_.Now();
  auto stored = QueueOutbound(db_, channels_, *conversation, author, draft, now);
  if (!stored) return stored.error();

  Conversation updated = *conversation;
  if (draft.status) {
    auto next = Transition(updated.status, *draft.status);
    if (!next) return next.error();
    SetStatus(updated, *next, now);
  }
  if (updated.intent.empty()) updated.intent = *intent;
  updated.last_activity_at = now;
  updated.message_count += 1;
  SHOPDESK_TRY(ResponseClock(db_).OnReply(updated, stored->id, draft.automatic, now));
  SHOPDESK_TRY(db_.conversations().Update(updated));
  SHOPDESK_TRY(RecordActivity(db_, *conversation, updated, author, now));
  SHOPDESK_TRY(RecordMessageCreated(db_, *stored, updated, now));
  SHOPDESK_TRY((*tx)->Commit());
  return stored;
}

Result<Message> ReplyService::AddNote(ShopId shop, ConversationId id, AgentId author,
                                      const std::string& text, std::vector<AgentId> mentions) {
  SHOPDESK_TRY(CheckBody(text));
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto conversation = db_.conversations().Find(shop, id);
  if (!conversation) return conversation.error();
  SHOPDESK_TRY(CanReply(*conversation));
  auto agent = db_.agents().Find(shop, author);
  if (!agent) return agent.error();
  std::sort(mentions.begin(), mentions.end());
  mentions.erase(std::unique(mentions.begin(), mentions.end()), mentions.end());
  for (AgentId mentioned : mentions) {
    auto found = db_.agents().Find(shop, mentioned);
    if (!found) return found.error();
    if (found->disabled_at != 0) {
      return Error::Conflict("agent " + std::to_string(mentioned) + " was removed from the shop")
          .WithReason("note.mention_removed", {{"name", found->name}});
    }
  }
  const Timestamp now = clock_.Now();
  Message note;
  note.shop_id = shop;
  note.conversation_id = id;
  note.channel_id = conversation->channel_id;
  note.direction = Direction::kNote;
  note.author_agent_id = author;
  note.from_name = agent->name;
  note.from_address = agent->email;
  note.text = text;
  note.external_id = "note." + RandomHex(12);
  note.created_at = now;
  note.sent_at = now;
  auto stored = db_.messages().Insert(note);
  if (!stored) return stored.error();
  // A note is not a response: last activity moves, the response clock does not.
  Conversation updated = *conversation;
  updated.last_activity_at = now;
  updated.message_count += 1;
  SHOPDESK_TRY(db_.conversations().Update(updated));
  SHOPDESK_TRY(RecordMessageCreated(db_, *stored, updated, now, mentions));
  SHOPDESK_TRY((*tx)->Commit());
  return stored;
}

Result<Message> ReplyService::MarkSent(ShopId shop, MessageId id, AgentId by) {
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto message = db_.messages().Find(shop, id);
  if (!message) return message.error();
  if (auto agent = db_.agents().Find(shop, by); !agent) return agent.error();
  if (message->delivery != DeliveryState::kManual) {
    return Error::Conflict("message " + std::to_string(id) + " is " +
                           std::string(DeliveryStateName(message->delivery)) +
                           "; only a reply to be sent by hand can be marked sent");
  }
  const Timestamp now = clock_.Now();
  SHOPDESK_TRY(db_.messages().UpdateDelivery(shop, id, DeliveryState::kSent, 1, "", "", now));
  SHOPDESK_TRY(RecordDeliveryChanged(db_, shop, message->conversation_id, id, DeliveryState::kSent,
                                     1, "", now));
  SHOPDESK_TRY(SettleDelivery(db_, *message, /*delivered=*/true, now));
  SHOPDESK_TRY((*tx)->Commit());
  message->delivery = DeliveryState::kSent;
  message->attempts = 1;
  message->sent_at = now;
  return message;
}

Result<Message> ReplyService::RetryDelivery(ShopId shop, MessageId id) {
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto message = db_.messages().Find(shop, id);
  if (!message) return message.error();
  if (message->delivery != DeliveryState::kFailed) {
    return Error::Conflict("message " + std::to_string(id) + " is " +
                           std::string(DeliveryStateName(message->delivery)) +
                           "; only a failed message can be retried");
  }
  auto job = db_.outbox().Enqueue(shop, id, clock_.Now());
  if (!job) return job.error();
  SHOPDESK_TRY(db_.messages().UpdateDelivery(shop, id, DeliveryState::kQueued, message->attempts,
                                             message->last_error, message->last_error_reason, 0));
  // Sent again, it is again the answer the conversation's clocks await; the failure
  // mark stays until it is delivered.
  auto conversation = db_.conversations().Find(shop, message->conversation_id);
  if (!conversation) return conversation.error();
  SHOPDESK_TRY(
      ResponseClock(db_).OnReply(*conversation, id, message->flags.auto_submitted, clock_.Now()));
  SHOPDESK_TRY(db_.conversations().Update(*conversation));
  SHOPDESK_TRY(RecordDeliveryChanged(db_, shop, message->conversation_id, id,
                                     DeliveryState::kQueued, message->attempts, message->last_error,
                                     clock_.Now()));
  SHOPDESK_TRY((*tx)->Commit());
  message->delivery = DeliveryState::kQueued;
  return message;
}

}  // namespace shopdesk::services
