// Live events for every SQL backend.
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kColumns = "shop_id, id, kind, conversation_id, message_id, data, created_at";

LiveEvent ReadEvent(const Statement& s) {
  LiveEvent e;
  e.shop_id = s.Int(0);
  e.id = s.Int(1);
  e.kind = ParseLiveEventKind(s.Text(2)).value_or(LiveEventKind::kConversationUpdated);
  e.conversation_id = s.Int(3);
  e.message_id = s.OptionalInt(4);
  e.data = s.Text(5);
  e.created_at = s.Int(6);
  return e;
}

class SqlEventRepo final : public EventRepo {
 public:
  explicit SqlEventRepo(Connection& c) : c_(c) {}

  Result<LiveEvent> Append(const LiveEvent& event) override {
    LiveEvent stored = event;
    SHOPDESK_TRY(Insert(event, &stored.id));
    return stored;
  }

  Status Record(const LiveEvent& event) override { return Insert(event, nullptr); }

  Result<std::vector<LiveEvent>> ListAfter(LiveEventId after, int limit) override {
    SHOPDESK_PREPARE(
        s, c_,
        std::string("SELECT ") + kColumns + " FROM live_events WHERE id > ?1 ORDER BY id LIMIT ?2");
    s.Bind(1, after).Bind(2, limit);
    return CollectRows(s, ReadEvent);
  }

  Result<std::vector<LiveEvent>> ListBetween(LiveEventId first, LiveEventId last,
                                             int limit) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kColumns +
                         " FROM live_events WHERE id >= ?1 AND id <= ?2 ORDER BY id LIMIT ?3");
    s.Bind(1, first).Bind(2, last).Bind(3, limit);
    return CollectRows(s, ReadEvent);
  }

  Result<std::vector<LiveEvent>> ListForShop(ShopId shop, LiveEventId after, int limit) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kColumns +
                         " FROM live_events WHERE shop_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
    s.Bind(1, shop).Bind(2, after).Bind(3, limit);
    return CollectRows(s, ReadEvent);
  }

  Result<LiveEventId> LatestId() override {
    SHOPDESK_PREPARE(s, c_, "SELECT COALESCE(MAX(id), 0) FROM live_events");
    auto row = s.Step();
    if (!row) return row.error();
    return s.Int(0);
  }

  Result<std::int64_t> PruneBefore(Timestamp before) override {
    SHOPDESK_PREPARE(s, c_, "DELETE FROM live_events WHERE created_at < ?1");
    SHOPDESK_TRY(s.Bind(1, before).Run());
    return c_.Changes();
  }

 private:
  // Inserts the event and signals listeners. With `id`, waits for the new id; without,
  // the insert may be deferred (Statement::Defer).
  Status Insert(const LiveEvent& event, LiveEventId* id) {
    SHOPDESK_PREPARE(s, c_,
                     std::string("INSERT INTO live_events (shop_id, kind, conversation_id, "
                                 "message_id, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)") +
                         (id ? " RETURNING id" : ""));
    s.Bind(1, event.shop_id)
        .Bind(2, LiveEventKindName(event.kind))
        .Bind(3, event.conversation_id)
        .Bind(4, event.message_id)
        .Bind(5, event.data)
        .Bind(6, event.created_at);
    SHOPDESK_TRY(id ? s.Run() : s.Defer());
    if (id) *id = s.ReturnedId();
    if (!c_.NotifyEventsSql().empty()) SHOPDESK_TRY(c_.Exec(std::string(c_.NotifyEventsSql())));
    c_.MarkEventsAppended();
    return Ok();
  }

  Connection& c_;
};

}  // namespace

std::unique_ptr<EventRepo> MakeEventRepo(Connection& c) {
  return std::make_unique<SqlEventRepo>(c);
}

}  // namespace shopdesk::store::sql
