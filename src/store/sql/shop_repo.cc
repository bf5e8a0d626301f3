// Shops, for every SQL backend.
#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kShopColumns = "id, slug, name, time_zone, created_at, system_senders";

Shop ReadShop(const Statement& s) {
  return Shop{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), SplitNonEmpty(s.Text(5), '\n')};
}

class SqlShopRepo final : public ShopRepo {
 public:
  explicit SqlShopRepo(Connection& c) : c_(c) {}
  Result<Shop> Create(const Shop& shop) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO shops (slug, name, time_zone, created_at, system_senders) "
                     "VALUES (?, ?, ?, ?, ?) RETURNING id");
    SHOPDESK_TRY(s.Bind(1, shop.slug)
                     .Bind(2, shop.name)
                     .Bind(3, shop.time_zone)
                     .Bind(4, shop.created_at)
                     .Bind(5, JoinParts(shop.system_senders, '\n'))
                     .Run());
    Shop created = shop;
    created.id = s.ReturnedId();
    return created;
  }
  Result<Shop> Find(ShopId id) override {
    SHOPDESK_PREPARE(s, c_, std::string("SELECT ") + kShopColumns + " FROM shops WHERE id = ?");
    s.Bind(1, id);
    SHOPDESK_TRY(ExpectRow(s, "shop", id));
    return ReadShop(s);
  }
  Result<Shop> FindBySlug(const std::string& slug) override {
    SHOPDESK_PREPARE(s, c_, std::string("SELECT ") + kShopColumns + " FROM shops WHERE slug = ?");
    s.Bind(1, slug);
    SHOPDESK_TRY(ExpectRow(s, "shop", slug));
    return ReadShop(s);
  }
  Result<std::vector<Shop>> List() override {
    SHOPDESK_PREPARE(s, c_, std::string("SELECT ") + kShopColumns + " FROM shops ORDER BY id");
    return CollectRows(s, ReadShop);
  }
  Status Update(const Shop& shop) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE shops SET name = ?, time_zone = ?, system_senders = ? WHERE id = ?");
    SHOPDESK_TRY(s.Bind(1, shop.name)
                     .Bind(2, shop.time_zone)
                     .Bind(3, JoinParts(shop.system_senders, '\n'))
                     .Bind(4, shop.id)
                     .Run());
    if (c_.Changes() == 0) return Error::NotFound("shop", shop.id);
    return Ok();
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<ShopRepo> MakeShopRepo(Connection& c) { return std::make_unique<SqlShopRepo>(c); }

}  // namespace shopdesk::store::sql
