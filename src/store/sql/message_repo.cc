// Messages with attachments, for every SQL backend.
#include <algorithm>
#include <sstream>

#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

// MessageFlags as a bit set in one integer column.
std::int64_t FlagBits(const MessageFlags& f) {
  return (f.auto_submitted ? 1 : 0) | (f.bulk ? 2 : 0) | (f.bounce ? 4 : 0) |
         (f.decode_failed ? 8 : 0) | (f.attachment_dropped ? 16 : 0);
}

MessageFlags FlagsFromBits(std::int64_t bits) {
  MessageFlags f;
  f.auto_submitted = bits & 1;
  f.bulk = bits & 2;
  f.bounce = bits & 4;
  f.decode_failed = bits & 8;
  f.attachment_dropped = bits & 16;
  return f;
}

constexpr const char* kColumns =
    "shop_id, id, conversation_id, channel_id, direction, author_agent_id, from_name, "
    "from_address, to_address, subject, text, html, external_id, in_reply_to, refs, raw_sha256, "
    "flags, decode_note, delivery, attempts, last_error, created_at, sent_at, last_error_reason, "
    "cc, bcc";

Message ReadMessage(const Statement& s) {
  Message m;
  m.shop_id = s.Int(0);
  m.id = s.Int(1);
  m.conversation_id = s.Int(2);
  m.channel_id = s.Int(3);
  m.direction = ParseDirection(s.Text(4)).value_or(Direction::kInbound);
  m.author_agent_id = s.OptionalInt(5);
  m.from_name = s.Text(6);
  m.from_address = s.Text(7);
  m.to_address = s.Text(8);
  m.subject = s.Text(9);
  m.text = s.Text(10);
  m.html = s.Text(11);
  m.external_id = s.Text(12);
  m.in_reply_to = s.Text(13);
  m.references = SplitNonEmpty(s.Text(14), '\n');
  m.raw_sha256 = s.Text(15);
  m.flags = FlagsFromBits(s.Int(16));
  m.decode_note = s.Text(17);
  m.delivery = ParseDeliveryState(s.Text(18)).value_or(DeliveryState::kNone);
  m.attempts = static_cast<int>(s.Int(19));
  m.last_error = s.Text(20);
  m.created_at = s.Int(21);
  m.sent_at = s.Int(22);
  m.last_error_reason = s.Text(23);
  m.cc = SplitNonEmpty(s.Text(24), '\n');
  m.bcc = SplitNonEmpty(s.Text(25), '\n');
  return m;
}

constexpr const char* kAttachmentColumns =
    "a.id, a.message_id, a.filename, a.content_type, a.size, a.sha256, a.content_id, "
    "a.inline_part";

Attachment ReadAttachment(const Statement& s) {
  Attachment a;
  a.id = s.Int(0);
  a.filename = s.Text(2);
  a.content_type = s.Text(3);
  a.size = s.Int(4);
  a.sha256 = s.Text(5);
  a.content_id = s.Text(6);
  a.inline_part = s.Bool(7);
  return a;
}

class SqlMessageRepo final : public MessageRepo {
 public:
  explicit SqlMessageRepo(Connection& c) : c_(c) {}

  Result<Message> Insert(const Message& m) override {
    Message stored = m;
    {
      SHOPDESK_PREPARE(
          s, c_,
          "INSERT INTO messages (shop_id, conversation_id, channel_id, direction, "
          "author_agent_id, from_name, from_address, to_address, subject, text, html, "
          "external_id, in_reply_to, refs, raw_sha256, flags, decode_note, delivery, "
          "attempts, last_error, created_at, sent_at, cc, bcc) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "RETURNING id");
      s.Bind(1, m.shop_id)
          .Bind(2, m.conversation_id)
          .Bind(3, m.channel_id)
          .Bind(4, DirectionName(m.direction))
          .Bind(5, m.author_agent_id)
          .Bind(6, m.from_name)
          .Bind(7, m.from_address)
          .Bind(8, m.to_address)
          .Bind(9, m.subject)
          .Bind(10, m.text)
          .Bind(11, m.html)
          .Bind(12, m.external_id)
          .Bind(13, m.in_reply_to)
          .Bind(14, JoinParts(m.references, '\n'))
          .Bind(15, m.raw_sha256)
          .Bind(16, FlagBits(m.flags))
          .Bind(17, m.decode_note)
          .Bind(18, DeliveryStateName(m.delivery))
          .Bind(19, m.attempts)
          .Bind(20, m.last_error)
          .Bind(21, m.created_at)
          .Bind(22, m.sent_at)
          .Bind(23, JoinParts(m.cc, '\n'))
          .Bind(24, JoinParts(m.bcc, '\n'));
      SHOPDESK_TRY(s.Run());
      stored.id = s.ReturnedId();
    }
    for (auto& a : stored.attachments) {
      SHOPDESK_PREPARE(
          s, c_,
          "INSERT INTO attachments (shop_id, message_id, filename, content_type, size, "
          "sha256, content_id, inline_part) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
      SHOPDESK_TRY(s.Bind(1, m.shop_id)
                       .Bind(2, stored.id)
                       .Bind(3, a.filename)
                       .Bind(4, a.content_type)
                       .Bind(5, a.size)
                       .Bind(6, a.sha256)
                       .Bind(7, a.content_id)
                       .Bind(8, a.inline_part)
                       .Run());
      a.id = s.ReturnedId();
    }
    return stored;
  }

  Result<Message> Find(ShopId shop, MessageId id) override {
    Message m;
    {
      SHOPDESK_PREPARE(
          s, c_, std::string("SELECT ") + kColumns + " FROM messages WHERE shop_id = ? AND id = ?");
      s.Bind(1, shop).Bind(2, id);
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return Error::NotFound("message", id);
      m = ReadMessage(s);
    }
    std::vector<Message> one{std::move(m)};
    SHOPDESK_TRY(AttachmentsOf(shop, one));
    return std::move(one.front());
  }

  Result<std::optional<Message>> FindByExternalId(ShopId shop, ChannelId channel,
                                                  const std::string& external_id) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kColumns +
                         " FROM messages WHERE shop_id = ? AND channel_id = ? AND external_id = ?");
    s.Bind(1, shop).Bind(2, channel).Bind(3, external_id);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return std::optional<Message>();
    return std::optional<Message>(ReadMessage(s));
  }

  Result<std::vector<Message>> ListByConversation(ShopId shop, ConversationId id) override {
    std::vector<Message> out;
    {
      SHOPDESK_PREPARE(s, c_,
                       std::string("SELECT ") + kColumns +
                           " FROM messages WHERE shop_id = ? AND conversation_id = ? ORDER BY id");
      s.Bind(1, shop).Bind(2, id);
      for (;;) {
        auto row = s.Step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back(ReadMessage(s));
      }
    }
    SHOPDESK_TRY(AttachmentsOf(shop, out));
    return out;
  }

  Result<std::optional<Message>> FindOutboundByExternalIds(
      ShopId shop, const std::vector<std::string>& external_ids) override {
    for (const auto& external_id : external_ids) {  // in the caller's order of preference
      auto found = NewestOutbound("external_id", shop, external_id);
      if (!found || *found) return found;
    }
    return std::optional<Message>();
  }

  Result<std::optional<Message>> LatestOutbound(ShopId shop, ConversationId id) override {
    return NewestOutbound("conversation_id", shop, id);
  }

  Status UpdateDelivery(ShopId shop, MessageId id, DeliveryState state, int attempts,
                        const std::string& last_error, const std::string& last_error_reason,
                        Timestamp sent_at) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE messages SET delivery = ?, attempts = ?, last_error = ?, sent_at = ?, "
                     "last_error_reason = ? WHERE shop_id = ? AND id = ?");
    SHOPDESK_TRY(s.Bind(1, DeliveryStateName(state))
                     .Bind(2, attempts)
                     .Bind(3, last_error)
                     .Bind(4, sent_at)
                     .Bind(5, last_error_reason)
                     .Bind(6, shop)
                     .Bind(7, id)
                     .Run());
    if (c_.Changes() == 0) return Error::NotFound("message", id);
    return Ok();
  }

  Result<std::pair<Attachment, MessageId>> FindAttachment(ShopId shop, AttachmentId id) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kAttachmentColumns +
                         " FROM attachments a WHERE a.shop_id = ? AND a.id = ?");
    s.Bind(1, shop).Bind(2, id);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return Error::NotFound("attachment", id);
    return std::make_pair(ReadAttachment(s), MessageId{s.Int(1)});
  }

  Result<std::int64_t> Count(ShopId shop) override {
    SHOPDESK_PREPARE(s, c_, "SELECT COUNT(*) FROM messages WHERE shop_id = ?");
    s.Bind(1, shop);
    auto row = s.Step();
    if (!row) return row.error();
    return s.Int(0);
  }

 private:
  // The newest outbound message whose `column` is `value`, without attachments.
  template <typename Value>
  Result<std::optional<Message>> NewestOutbound(const char* column, ShopId shop,
                                                const Value& value) {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kColumns + " FROM messages WHERE shop_id = ? AND " +
                         column + " = ? AND direction = 'outbound' ORDER BY id DESC LIMIT 1");
    s.Bind(1, shop).Bind(2, value);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return std::optional<Message>();
    return std::optional<Message>(ReadMessage(s));
  }

  // Loads the attachments of `messages` (ordered by id) by their ids, through
  // attachments_by_message (shop_id, message_id): the plan cannot start from the shop's
  // attachments, whatever the planner's statistics say (a join from the conversation's
  // messages could, and then opening a conversation read every attachment of the
  // shop). The IN list is padded to a power of two (repeating the last id) so a few
  // statement shapes serve every conversation length from the statement cache.
  Status AttachmentsOf(ShopId shop, std::vector<Message>& messages) {
    constexpr size_t kMaxSlots = 128;
    for (size_t from = 0; from < messages.size(); from += kMaxSlots) {
      const size_t n = std::min(kMaxSlots, messages.size() - from);
      size_t slots = 0;
      const std::string sql = std::string("SELECT ") + kAttachmentColumns +
                              " FROM attachments a WHERE a.shop_id = ? AND a.message_id IN (" +
                              PaddedInList(n, &slots) + ") ORDER BY a.message_id, a.id";
      SHOPDESK_PREPARE(s, c_, sql);
      s.Bind(1, shop);
      for (size_t i = 0; i < slots; ++i) {
        s.Bind(static_cast<int>(i + 2), messages[from + std::min(i, n - 1)].id);
      }
      SHOPDESK_TRY(AttachRows(s, messages));
    }
    return Ok();
  }

  // Hands each attachment row of `s` (ordered by message_id, id) to its message.
  // REQUIRES: `messages` ordered by id.
  static Status AttachRows(Statement& s, std::vector<Message>& messages) {
    size_t i = 0;
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return Ok();
      const MessageId owner = s.Int(1);
      while (i < messages.size() && messages[i].id < owner) ++i;
      if (i < messages.size() && messages[i].id == owner) {
        messages[i].attachments.push_back(ReadAttachment(s));
      }
    }
  }

  Connection& c_;
};

}  // namespace

std::unique_ptr<MessageRepo> MakeMessageRepo(Connection& c) {
  return std::make_unique<SqlMessageRepo>(c);
}

}  // namespace shopdesk::store::sql
