// Saved inbox views, for every SQL backend.
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kColumns = "shop_id, id, owner_id, name, query, created_at";

InboxView ReadView(const Statement& s) {
  InboxView v;
  v.shop_id = s.Int(0);
  v.id = s.Int(1);
  v.owner_id = s.OptionalInt(2);
  v.name = s.Text(3);
  v.query = s.Text(4);
  v.created_at = s.Int(5);
  return v;
}

class SqlInboxViewRepo final : public InboxViewRepo {
 public:
  explicit SqlInboxViewRepo(Connection& c) : c_(c) {}

  Result<InboxView> Create(const InboxView& view) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO inbox_views (shop_id, owner_id, name, query, created_at) "
                     "VALUES (?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, view.shop_id)
        .Bind(2, view.owner_id)
        .Bind(3, view.name)
        .Bind(4, view.query)
        .Bind(5, view.created_at);
    SHOPDESK_TRY(s.Run());
    InboxView created = view;
    created.id = s.ReturnedId();
    return created;
  }

  Result<InboxView> Find(ShopId shop, InboxViewId id) override {
    SHOPDESK_PREPARE(
        s, c_,
        std::string("SELECT ") + kColumns + " FROM inbox_views WHERE shop_id = ?1 AND id = ?2");
    s.Bind(1, shop).Bind(2, id);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return Error::NotFound("view", id);
    return ReadView(s);
  }

  Result<std::vector<InboxView>> ListFor(ShopId shop, AgentId agent) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kColumns +
                         " FROM inbox_views WHERE shop_id = ?1 AND (owner_id IS NULL OR "
                         "owner_id = ?2) ORDER BY owner_id IS NOT NULL, name, id");
    s.Bind(1, shop).Bind(2, agent);
    std::vector<InboxView> out;
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return out;
      out.push_back(ReadView(s));
    }
  }

  Status Delete(ShopId shop, InboxViewId id) override {
    SHOPDESK_PREPARE(s, c_, "DELETE FROM inbox_views WHERE shop_id = ?1 AND id = ?2");
    return s.Bind(1, shop).Bind(2, id).DeferChange(Error::NotFound("view", id));
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<InboxViewRepo> MakeInboxViewRepo(Connection& c) {
  return std::make_unique<SqlInboxViewRepo>(c);
}

}  // namespace shopdesk::store::sql
