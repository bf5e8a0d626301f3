// The audit log, for every SQL backend.
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kAuditColumns =
    "shop_id, id, at, actor_agent_id, actor, action, target, detail, remote_address";

AuditEntry ReadAuditEntry(const Statement& s) {
  AuditEntry e;
  e.shop_id = s.Int(0);
  e.id = s.Int(1);
  e.at = s.Int(2);
  e.actor_agent_id = s.OptionalInt(3);
  e.actor = s.Text(4);
  e.action = s.Text(5);
  e.target = s.Text(6);
  e.detail = s.Text(7);
  e.remote_address = s.Text(8);
  return e;
}

class SqlAuditRepo final : public AuditRepo {
 public:
  explicit SqlAuditRepo(Connection& c) : c_(c) {}

  Result<AuditEntry> Append(const AuditEntry& entry) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO audit_log (shop_id, at, actor_agent_id, actor, action, target, "
                     "detail, remote_address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                     "RETURNING id");
    SHOPDESK_TRY(s.Bind(1, entry.shop_id)
                     .Bind(2, entry.at)
                     .Bind(3, entry.actor_agent_id)
                     .Bind(4, entry.actor)
                     .Bind(5, entry.action)
                     .Bind(6, entry.target)
                     .Bind(7, entry.detail)
                     .Bind(8, entry.remote_address)
                     .Run());
    AuditEntry stored = entry;
    stored.id = s.ReturnedId();
    return stored;
  }

  Result<std::vector<AuditEntry>> List(ShopId shop, AuditEntryId before,
                                       const std::string& action_prefix, int limit) override {
    // The prefix is matched with substr rather than LIKE: an action has no wildcards to
    // escape, and both backends spell substr the same.
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kAuditColumns +
                         " FROM audit_log WHERE shop_id = ?1 AND (?2 = 0 OR id < ?2) AND "
                         "substr(action, 1, length(CAST(?3 AS TEXT))) = CAST(?3 AS TEXT) "
                         "ORDER BY id DESC LIMIT ?4");
    s.Bind(1, shop).Bind(2, before).Bind(3, action_prefix).Bind(4, limit);
    return CollectRows(s, ReadAuditEntry);
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<AuditRepo> MakeAuditRepo(Connection& c) {
  return std::make_unique<SqlAuditRepo>(c);
}

}  // namespace shopdesk::store::sql
