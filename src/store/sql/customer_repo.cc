// Customers, for every SQL backend.
#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

Customer ReadCustomer(const Statement& s) {
  return Customer{s.Int(0), s.Int(1), s.Text(2), s.Text(3),
                  s.Int(4), s.Int(5), s.Text(6), s.Text(7)};
}

class SqlCustomerRepo final : public CustomerRepo {
 public:
  explicit SqlCustomerRepo(Connection& c) : c_(c) {}
  Result<Customer> FindOrCreateByEmail(ShopId shop, const std::string& email,
                                       const std::string& name, Timestamp now) override {
    std::optional<Customer> found;
    {
      SHOPDESK_PREPARE(
          s, c_,
          "SELECT shop_id, id, name, email, created_at, erased_at, family_name, given_name FROM "
          "customers "
          "WHERE shop_id = ? AND email = ?");
      s.Bind(1, shop).Bind(2, email);
      auto row = s.Step();
      if (!row) return row.error();
      if (*row) found = ReadCustomer(s);
    }
    if (found) {
      if (found->name.empty() && !name.empty()) {
        found->name = name;
        SHOPDESK_TRY(Update(*found));
      }
      return *found;
    }
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO customers (shop_id, name, email, created_at) VALUES (?, ?, ?, ?) "
                     "RETURNING id");
    SHOPDESK_TRY(s.Bind(1, shop).Bind(2, name).Bind(3, email).Bind(4, now).Run());
    return Customer{shop, s.ReturnedId(), name, email, now, 0, "", ""};
  }
  Result<Customer> FindOrCreateByIdentity(ShopId shop, const CustomerIdentity& identity,
                                          const std::string& email, const std::string& name,
                                          Timestamp now) override {
    if (identity.kind == kEmailIdentity)
      return FindOrCreateByEmail(shop, identity.value, name, now);
    std::optional<CustomerId> known;
    {
      SHOPDESK_PREPARE(s, c_,
                       "SELECT customer_id FROM customer_identities WHERE shop_id = ? AND kind = ? "
                       "AND value = ?");
      s.Bind(1, shop).Bind(2, identity.kind).Bind(3, identity.value);
      auto row = s.Step();
      if (!row) return row.error();
      if (*row) known = s.Int(0);
    }
    if (known) {
      auto found = Find(shop, *known);
      if (!found) return found.error();
      if (found->name.empty() && !name.empty()) {
        found->name = name;
        SHOPDESK_TRY(Update(*found));
      }
      return found;
    }
    auto customer = FindOrCreateByEmail(shop, email, name, now);
    if (!customer) return customer.error();
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO customer_identities (shop_id, customer_id, kind, value, "
                     "created_at) VALUES (?, ?, ?, ?, ?)");
    SHOPDESK_TRY(s.Bind(1, shop)
                     .Bind(2, customer->id)
                     .Bind(3, identity.kind)
                     .Bind(4, identity.value)
                     .Bind(5, now)
                     .Run());
    return customer;
  }
  Result<std::vector<CustomerIdentity>> Identities(ShopId shop, CustomerId id) override {
    auto customer = Find(shop, id);
    if (!customer) return customer.error();
    std::vector<CustomerIdentity> out = {{kEmailIdentity, customer->email}};
    SHOPDESK_PREPARE(s, c_,
                     "SELECT kind, value FROM customer_identities WHERE shop_id = ? AND "
                     "customer_id = ? ORDER BY kind, value");
    s.Bind(1, shop).Bind(2, id);
    auto rows = CollectRows(s, [](const Statement& r) {
      return CustomerIdentity{r.Text(0), r.Text(1)};
    });
    if (!rows) return rows.error();
    out.insert(out.end(), rows->begin(), rows->end());
    return out;
  }
  Result<Customer> Find(ShopId shop, CustomerId id) override {
    SHOPDESK_PREPARE(
        s, c_,
        "SELECT shop_id, id, name, email, created_at, erased_at, family_name, given_name FROM "
        "customers "
        "WHERE shop_id = ? AND id = ?");
    s.Bind(1, shop).Bind(2, id);
    SHOPDESK_TRY(ExpectRow(s, "customer", id));
    return ReadCustomer(s);
  }
  Result<std::vector<Customer>> List(ShopId shop, const std::string& query, CustomerId after_id,
                                     int limit) override {
    SHOPDESK_PREPARE(
        s, c_,
        "SELECT shop_id, id, name, email, created_at, erased_at, family_name, given_name FROM "
        "customers "
        "WHERE shop_id = ?1 AND id > ?2 AND (CAST(?3 AS TEXT) = '' OR "
        "name LIKE '%' || CAST(?3 AS TEXT) || '%' OR "
        "email LIKE '%' || lower(CAST(?3 AS TEXT)) || '%') ORDER BY id LIMIT ?4");
    s.Bind(1, shop).Bind(2, after_id).Bind(3, query).Bind(4, limit);
    return CollectRows(s, ReadCustomer);
  }
  Status Update(const Customer& customer) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE customers SET name = ?, family_name = ?, given_name = ? WHERE shop_id "
                     "= ? AND id = ?");
    SHOPDESK_TRY(s.Bind(1, customer.name)
                     .Bind(2, customer.family_name)
                     .Bind(3, customer.given_name)
                     .Bind(4, customer.shop_id)
                     .Bind(5, customer.id)
                     .Run());
    if (c_.Changes() == 0) return Error::NotFound("customer", customer.id);
    return Ok();
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<CustomerRepo> MakeCustomerRepo(Connection& c) {
  return std::make_unique<SqlCustomerRepo>(c);
}

}  // namespace shopdesk::store::sql
