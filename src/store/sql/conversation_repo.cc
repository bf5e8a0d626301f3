// Conversations and their tags, for every SQL backend.
#include <algorithm>
#include <map>

#include "core/conversation_state.h"
#include "store/sql/conversation_cursor.h"
#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kColumns =
    "c.shop_id, c.id, c.channel_id, c.customer_id, c.subject, c.normalized_subject, c.order_id, "
    "c.status, c.spam, c.no_reply_needed, c.assignee_id, c.created_at, c.last_activity_at, "
    "c.due_at, c.message_count, c.team_id, c.resolved_at, c.intent, c.delivery_failed_at, "
    "c.last_inbound_at, c.hold_until";
// How many columns kColumns has; what a query selects after them starts here.
constexpr int kColumnCount = 21;

Conversation ReadConversation(const Statement& s) {
  Conversation c;
  c.shop_id = s.Int(0);
  c.id = s.Int(1);
  c.channel_id = s.Int(2);
  c.customer_id = s.Int(3);
  c.subject = s.Text(4);
  c.normalized_subject = s.Text(5);
  c.order_id = s.Text(6);
  c.status = ParseStatus(s.Text(7)).value_or(ConversationStatus::kOpen);
  c.spam = s.Bool(8);
  c.no_reply_needed = s.Bool(9);
  c.assignee_id = s.OptionalInt(10);
  c.created_at = s.Int(11);
  c.last_activity_at = s.Int(12);
  c.due_at = s.OptionalInt(13);
  c.message_count = static_cast<int>(s.Int(14));
  c.team_id = s.OptionalInt(15);
  c.resolved_at = s.OptionalInt(16);
  c.intent = s.Text(17);
  c.delivery_failed_at = s.OptionalInt(18);
  c.last_inbound_at = s.OptionalInt(19);
  c.hold_until = s.OptionalInt(20);
  return c;
}

class SqlConversationRepo final : public ConversationRepo {
 public:
  explicit SqlConversationRepo(Connection& c) : c_(c) {}

  Result<Conversation> Create(const Conversation& conv) override {
    SHOPDESK_PREPARE(
        s, c_,
        "INSERT INTO conversations (shop_id, channel_id, customer_id, subject, "
        "normalized_subject, order_id, status, spam, no_reply_needed, assignee_id, "
        "created_at, last_activity_at, due_at, message_count, team_id, resolved_at, "
        "intent, delivery_failed_at, last_inbound_at, hold_until) VALUES (?, ?, ?, ?, ?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, conv.shop_id)
        .Bind(2, conv.channel_id)
        .Bind(3, conv.customer_id)
        .Bind(4, conv.subject)
        .Bind(5, conv.normalized_subject)
        .Bind(6, conv.order_id)
        .Bind(7, StatusName(conv.status))
        .Bind(8, conv.spam)
        .Bind(9, conv.no_reply_needed)
        .Bind(10, conv.assignee_id)
        .Bind(11, conv.created_at)
        .Bind(12, conv.last_activity_at)
        .Bind(13, conv.due_at)
        .Bind(14, conv.message_count)
        .Bind(15, conv.team_id)
        .Bind(16, conv.resolved_at)
        .Bind(17, conv.intent)
        .Bind(18, conv.delivery_failed_at)
        .Bind(19, conv.last_inbound_at)
        .Bind(20, conv.hold_until);
    SHOPDESK_TRY(s.Run());
    Conversation created = conv;
    created.id = s.ReturnedId();
    if (!created.tags.empty()) SHOPDESK_TRY(SetTags(created.shop_id, created.id, created.tags));
    return created;
  }

  Result<Conversation> Find(ShopId shop, ConversationId id) override {
    std::optional<Conversation> found;
    {
      SHOPDESK_PREPARE(s, c_,
                       std::string("SELECT ") + kColumns +
                           " FROM conversations c WHERE c.shop_id = ? AND c.id = ?");
      s.Bind(1, shop).Bind(2, id);
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return Error::NotFound("conversation", id);
      found = ReadConversation(s);
    }
    auto tags = TagsOf(shop, {id});
    if (!tags) return tags.error();
    found->tags = std::move((*tags)[id]);
    return *found;
  }

  Result<std::optional<Conversation>> FindByMessageIds(
      ShopId shop, const std::vector<std::string>& message_ids) override {
    for (const auto& message_id : message_ids) {  // in the caller's order of preference
      std::optional<ConversationId> id;
      {
        SHOPDESK_PREPARE(s, c_,
                         "SELECT m.conversation_id FROM messages m WHERE m.shop_id = ? AND "
                         "m.external_id = ? ORDER BY m.id DESC LIMIT 1");
        s.Bind(1, shop).Bind(2, message_id);
        auto row = s.Step();
        if (!row) return row.error();
        if (*row) id = s.Int(0);
      }
      if (id) {
        auto c = Find(shop, *id);
        if (!c) return c.error();
        return std::optional<Conversation>(std::move(*c));
      }
    }
    return std::optional<Conversation>();
  }

  Result<std::optional<Conversation>> FindOpenByOrderId(ShopId shop,
                                                        const std::string& order_id) override {
    return FindOne(std::string("SELECT ") + kColumns +
                       " FROM conversations c WHERE c.shop_id = ?1 AND c.order_id = ?2 AND "
                       "c.order_id <> '' AND c.status <> 'closed' "
                       "ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1",
                   shop, [&](Statement& s) { s.Bind(2, order_id); });
  }

  Result<std::optional<Conversation>> FindRecentBySubject(ShopId shop, CustomerId customer,
                                                          const std::string& normalized_subject,
                                                          Timestamp since) override {
    return FindOne(std::string("SELECT ") + kColumns +
                       " FROM conversations c WHERE c.shop_id = ?1 AND c.customer_id = ?2 AND "
                       "c.normalized_subject = ?3 AND c.last_activity_at >= ?4 AND "
                       "c.status <> 'closed' ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1",
                   shop, [&](Statement& s) {
                     s.Bind(2, customer).Bind(3, normalized_subject).Bind(4, since);
                   });
  }

  Result<ConversationPage> List(ShopId shop, const ConversationFilter& filter) override {
    const bool by_due = filter.sort == ConversationFilter::Sort::kDueAt;
    auto cursor = ParseConversationCursor(filter.cursor, by_due);
    if (!cursor) return cursor.error();
    const size_t limit = static_cast<size_t>(std::clamp(filter.limit, 1, 200));
    const ConversationCursor* after = *cursor ? &**cursor : nullptr;

    // One row more than asked tells whether another page follows. Each scan walks an
    // index in order and stops after `want` rows, so a page costs the same however
    // many conversations the shop has.
    ConversationPage page;
    const size_t want = limit + 1;
    if (!by_due) {
      SHOPDESK_TRY(Scan(shop, filter, ScanKind::kByActivity, after, want, page.items));
    } else {
      // Failed deliveries first, then soonest due, then those without a due time:
      // three range scans rather than one ORDER BY over expressions that would sort
      // the whole shop. A cursor names the part it stopped in.
      const bool in_failed = !after || after->failed;
      if (in_failed) {
        SHOPDESK_TRY(Scan(shop, filter, ScanKind::kDeliveryFailed, after, want, page.items));
      }
      if (!filter.delivery_failed_only) {
        if (page.items.size() < want && (in_failed || after->key)) {
          const ConversationCursor* due_after = in_failed ? nullptr : after;
          SHOPDESK_TRY(Scan(shop, filter, ScanKind::kByDue, due_after, want - page.items.size(),
                            page.items));
        }
        if (page.items.size() < want) {
          const ConversationCursor* tail_after =
              after && !after->failed && !after->key ? after : nullptr;
          SHOPDESK_TRY(Scan(shop, filter, ScanKind::kWithoutDue, tail_after,
                            want - page.items.size(), page.items));
        }
      }
    }
    if (page.items.size() > limit) {
      page.items.pop_back();
      const Conversation& last = page.items.back().conversation;
      if (!by_due) {
        page.next_cursor = FormatConversationCursor(last.last_activity_at, last.id);
      } else if (last.delivery_failed_at) {
        page.next_cursor = FormatConversationCursor(last.delivery_failed_at, last.id, true);
      } else {
        page.next_cursor = FormatConversationCursor(last.due_at, last.id);
      }
    }
    std::vector<ConversationId> ids;
    for (const auto& item : page.items) ids.push_back(item.conversation.id);
    auto tags = TagsOf(shop, ids);
    if (!tags) return tags.error();
    for (auto& item : page.items) item.conversation.tags = std::move((*tags)[item.conversation.id]);
    return page;
  }

  Result<std::int64_t> CountDeliveryFailed(ShopId shop) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT count(*) FROM conversations WHERE shop_id = ?1 AND "
                     "delivery_failed_at IS NOT NULL");
    s.Bind(1, shop);
    auto row = s.Step();
    if (!row) return row.error();
    return *row ? s.Int(0) : 0;
  }

  Status Update(const Conversation& conv) override {
    SHOPDESK_PREPARE(
        s, c_,
        "UPDATE conversations SET status = ?, spam = ?, no_reply_needed = ?, "
        "assignee_id = ?, order_id = ?, last_activity_at = ?, due_at = ?, "
        "message_count = ?, team_id = ?, resolved_at = ?, intent = ?, delivery_failed_at = ?, "
        "last_inbound_at = ?, hold_until = ? WHERE shop_id = ? AND id = ?");
    s.Bind(1, StatusName(conv.status))
        .Bind(2, conv.spam)
        .Bind(3, conv.no_reply_needed)
        .Bind(4, conv.assignee_id)
        .Bind(5, conv.order_id)
        .Bind(6, conv.last_activity_at)
        .Bind(7, conv.due_at)
        .Bind(8, conv.message_count)
        .Bind(9, conv.team_id)
        .Bind(10, conv.resolved_at)
        .Bind(11, conv.intent)
        .Bind(12, conv.delivery_failed_at)
        .Bind(13, conv.last_inbound_at)
        .Bind(14, conv.hold_until)
        .Bind(15, conv.shop_id)
        .Bind(16, conv.id);
    return s.DeferChange(Error::NotFound("conversation", conv.id));
  }

  Status SetTags(ShopId shop, ConversationId id, const std::vector<std::string>& tags) override {
    {
      SHOPDESK_PREPARE(s, c_,
                       "DELETE FROM conversation_tags WHERE shop_id = ? AND conversation_id = ?");
      SHOPDESK_TRY(s.Bind(1, shop).Bind(2, id).Run());
    }
    for (const auto& tag : tags) {
      SHOPDESK_PREPARE(
          s, c_,
          "INSERT INTO conversation_tags (shop_id, conversation_id, tag) "
          "SELECT shop_id, id, CAST(? AS TEXT) FROM conversations WHERE shop_id = ? AND "
          "id = ? ON CONFLICT DO NOTHING");
      SHOPDESK_TRY(s.Bind(1, tag).Bind(2, shop).Bind(3, id).Run());
    }
    return Ok();
  }

  Status MarkRead(ShopId shop, AgentId agent, ConversationId id, Timestamp at) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO conversation_reads (shop_id, agent_id, conversation_id, read_at) "
                     "SELECT shop_id, CAST(?2 AS BIGINT), id, CAST(?4 AS BIGINT) FROM "
                     "conversations WHERE shop_id = ?1 AND id = ?3 "
                     "ON CONFLICT (shop_id, agent_id, conversation_id) DO UPDATE SET read_at = "
                     "excluded.read_at");
    s.Bind(1, shop).Bind(2, agent).Bind(3, id).Bind(4, at);
    return s.DeferChange(Error::NotFound("conversation", id));
  }

  Status ClearRead(ShopId shop, AgentId agent, ConversationId id) override {
    SHOPDESK_PREPARE(s, c_,
                     "DELETE FROM conversation_reads WHERE shop_id = ?1 AND agent_id = ?2 AND "
                     "conversation_id = ?3");
    return s.Bind(1, shop).Bind(2, agent).Bind(3, id).Run();
  }

  Result<std::optional<Timestamp>> ReadAt(ShopId shop, AgentId agent, ConversationId id) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT read_at FROM conversation_reads WHERE shop_id = ?1 AND agent_id = ?2 "
                     "AND conversation_id = ?3");
    s.Bind(1, shop).Bind(2, agent).Bind(3, id);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return std::optional<Timestamp>();
    return std::optional<Timestamp>(s.Int(0));
  }

  Status AppendActivity(const ConversationActivity& a) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO conversation_activity (shop_id, conversation_id, at, agent_id, "
                     "kind, detail) VALUES (?, ?, ?, ?, ?, ?)");
    s.Bind(1, a.shop_id)
        .Bind(2, a.conversation_id)
        .Bind(3, a.at)
        .Bind(4, a.agent_id)
        .Bind(5, a.kind)
        .Bind(6, a.detail);
    return s.Defer();
  }

  Result<std::vector<ConversationActivity>> ListActivity(ShopId shop, ConversationId id) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT id, at, agent_id, kind, detail FROM conversation_activity WHERE "
                     "shop_id = ?1 AND conversation_id = ?2 ORDER BY id");
    s.Bind(1, shop).Bind(2, id);
    std::vector<ConversationActivity> out;
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return out;
      ConversationActivity a;
      a.shop_id = shop;
      a.conversation_id = id;
      a.id = s.Int(0);
      a.at = s.Int(1);
      a.agent_id = s.OptionalInt(2);
      a.kind = s.Text(3);
      a.detail = s.Text(4);
      out.push_back(std::move(a));
    }
  }

  Result<std::vector<std::pair<ShopId, ConversationId>>> HoldsEnded(Timestamp now,
                                                                    int limit) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT shop_id, id FROM conversations WHERE hold_until IS NOT NULL AND "
                     "hold_until <= ?1 ORDER BY hold_until, id LIMIT ?2");
    s.Bind(1, now).Bind(2, static_cast<std::int64_t>(limit));
    std::vector<std::pair<ShopId, ConversationId>> out;
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return out;
      out.emplace_back(s.Int(0), s.Int(1));
    }
  }

 private:
  template <typename BindRest>
  Result<std::optional<Conversation>> FindOne(const std::string& sql, ShopId shop,
                                              BindRest bind_rest) {
    std::optional<ConversationId> id;
    {
      SHOPDESK_PREPARE(s, c_, sql);
      s.Bind(1, shop);
      bind_rest(s);
      auto row = s.Step();
      if (!row) return row.error();
      if (*row) id = s.Int(1);
    }
    if (!id) return std::optional<Conversation>();
    auto c = Find(shop, *id);
    if (!c) return c.error();
    return std::optional<Conversation>(std::move(*c));
  }

  enum class ScanKind { kByActivity, kDeliveryFailed, kByDue, kWithoutDue };

  // The filter's conditions on conversations c, with parameters ?2-?6, ?10 and ?11
  // (?1 is the shop); the assignee's (?3) only `with_assignee`. BindFilter binds them.
  static void AppendFilter(const ConversationFilter& filter, bool with_assignee, std::string& sql) {
    if (filter.status) sql += " AND c.status = ?2";
    if (with_assignee && filter.assignee_id) sql += " AND c.assignee_id = ?3";
    if (with_assignee && filter.unassigned_only) sql += " AND c.assignee_id IS NULL";
    if (filter.channel_id) sql += " AND c.channel_id = ?4";
    if (filter.customer_id) sql += " AND c.customer_id = ?5";
    if (filter.team_id) sql += " AND c.team_id = ?10";
    if (!filter.intent.empty()) sql += " AND c.intent = ?11";
    if (!filter.tag.empty()) {
      sql +=
          " AND EXISTS (SELECT 1 FROM conversation_tags t WHERE t.shop_id = c.shop_id AND "
          "t.conversation_id = c.id AND t.tag = ?6)";
    }
  }
  static void BindFilter(const ConversationFilter& filter, bool with_assignee, Statement& s) {
    if (filter.status) s.Bind(2, StatusName(*filter.status));
    if (with_assignee && filter.assignee_id) s.Bind(3, *filter.assignee_id);
    if (filter.channel_id) s.Bind(4, *filter.channel_id);
    if (filter.customer_id) s.Bind(5, *filter.customer_id);
    if (!filter.tag.empty()) s.Bind(6, filter.tag);
    if (filter.team_id) s.Bind(10, *filter.team_id);
    if (!filter.intent.empty()) s.Bind(11, filter.intent);
  }

 public:
  Result<ViewCounts> CountViews(ShopId shop, const ConversationFilter& filter, AgentId me,
                                Timestamp now) override {
    // One pass over the filtered rows; ?7 and ?8 are the agent and the time.
    std::string sql =
        "SELECT count(*), coalesce(sum(CASE WHEN c.assignee_id = ?7 THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN c.assignee_id IS NULL THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN c.due_at < ?8 THEN 1 ELSE 0 END), 0), "
        "coalesce(sum(CASE WHEN c.last_inbound_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        "conversation_reads r WHERE r.shop_id = c.shop_id AND r.agent_id = ?7 AND "
        "r.conversation_id = c.id AND r.read_at >= c.last_inbound_at) THEN 1 ELSE 0 END), 0) "
        "FROM conversations c WHERE c.shop_id = ?1";
    AppendFilter(filter, /*with_assignee=*/false, sql);
    SHOPDESK_PREPARE(s, c_, sql);
    s.Bind(1, shop);
    BindFilter(filter, /*with_assignee=*/false, s);
    s.Bind(7, me).Bind(8, now);
    auto row = s.Step();
    if (!row) return row.error();
    ViewCounts counts;
    if (*row) counts = {s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4)};
    return counts;
  }

 private:
  // Appends up to `n` list rows matching `filter` to `out`, in the scan's order,
  // starting after `after` (nullptr: from the start). The cursor is a row-value
  // comparison: both backends take it as one index range, where the spelled-out OR
  // made PostgreSQL without statistics read and sort the rest of the shop.
  Status Scan(ShopId shop, const ConversationFilter& filter, ScanKind kind,
              const ConversationCursor* after, size_t n, std::vector<ConversationSummary>& out) {
    // The customer by scalar subqueries, not a JOIN: with a JOIN, SQLite builds a Bloom
    // filter over all the shop's customers before reading the first page (19 ms instead
    // of 1 ms at a million conversations).
    std::string sql = std::string("SELECT ") + kColumns +
                      ", (SELECT cu.name FROM customers cu WHERE cu.shop_id = c.shop_id AND cu.id "
                      "= c.customer_id), (SELECT cu.email FROM customers cu WHERE cu.shop_id = "
                      "c.shop_id AND cu.id = c.customer_id), (SELECT substr(m.text, 1, 140) FROM "
                      "messages m WHERE m.shop_id = c.shop_id AND m.conversation_id = c.id AND "
                      "m.direction = 'inbound' ORDER BY m.id DESC LIMIT 1)";
    if (filter.viewer) {
      sql +=
          ", (SELECT r.read_at FROM conversation_reads r WHERE r.shop_id = c.shop_id AND "
          "r.agent_id = ?12 AND r.conversation_id = c.id)";
    }
    sql += " FROM conversations c WHERE c.shop_id = ?1";
    AppendFilter(filter, /*with_assignee=*/true, sql);
    if (filter.delivery_failed_only && kind == ScanKind::kByActivity) {
      sql += " AND c.delivery_failed_at IS NOT NULL";
    }
    switch (kind) {
      case ScanKind::kByActivity:
        if (after) sql += " AND (c.last_activity_at, c.id) < (?7, ?8)";
        sql += " ORDER BY c.last_activity_at DESC, c.id DESC";
        break;
      case ScanKind::kDeliveryFailed:
        sql += " AND c.delivery_failed_at IS NOT NULL";
        if (after) {
          sql += " AND (c.delivery_failed_at, c.id) > (?7, ?8)";
        }
        sql += " ORDER BY c.delivery_failed_at, c.id";
        break;
      case ScanKind::kByDue:
        sql += " AND c.delivery_failed_at IS NULL AND c.due_at IS NOT NULL";
        if (after) sql += " AND (c.due_at, c.id) > (?7, ?8)";
        sql += " ORDER BY c.due_at, c.id";
        break;
      case ScanKind::kWithoutDue:
        sql += " AND c.delivery_failed_at IS NULL AND c.due_at IS NULL";
        if (after) sql += " AND c.id > ?8";
        // due_at is NULL in every row, so this is id order; naming it makes the order
        // that of conversations_by_due, which PostgreSQL then walks instead of sorting.
        sql += " ORDER BY c.due_at, c.id";
        break;
    }
    sql += " LIMIT ?9";

    SHOPDESK_PREPARE(s, c_, sql);
    s.Bind(1, shop);
    BindFilter(filter, /*with_assignee=*/true, s);
    if (after) {
      if (kind != ScanKind::kWithoutDue) s.Bind(7, *after->key);
      s.Bind(8, after->id);
    }
    s.Bind(9, static_cast<std::int64_t>(n));
    if (filter.viewer) s.Bind(12, *filter.viewer);
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return Ok();
      ConversationSummary summary{ReadConversation(s), s.Text(kColumnCount),
                                  s.Text(kColumnCount + 1), s.Text(kColumnCount + 2), std::nullopt};
      if (filter.viewer) {
        summary.unread = IsUnread(summary.conversation, s.OptionalInt(kColumnCount + 3));
      }
      out.push_back(std::move(summary));
    }
  }

  // The tags of each conversation in `ids`, sorted; one query for the whole page. The
  // IN list is padded (repeating the last id) to a power of two, so a handful of
  // statement shapes serve every page size from the statement cache.
  Result<std::map<ConversationId, std::vector<std::string>>> TagsOf(
      ShopId shop, const std::vector<ConversationId>& ids) {
    std::map<ConversationId, std::vector<std::string>> out;
    if (ids.empty()) return out;
    size_t slots = 0;
    const std::string sql =
        "SELECT conversation_id, tag FROM conversation_tags WHERE shop_id = ? AND "
        "conversation_id IN (" +
        PaddedInList(ids.size(), &slots) + ") ORDER BY conversation_id, tag";
    SHOPDESK_PREPARE(s, c_, sql);
    s.Bind(1, shop);
    for (size_t i = 0; i < slots; ++i) {
      s.Bind(static_cast<int>(i + 2), ids[std::min(i, ids.size() - 1)]);
    }
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return out;
      out[s.Int(0)].push_back(s.Text(1));
    }
  }

  Connection& c_;
};

}  // namespace

std::unique_ptr<ConversationRepo> MakeConversationRepo(Connection& c) {
  return std::make_unique<SqlConversationRepo>(c);
}

}  // namespace shopdesk::store::sql
