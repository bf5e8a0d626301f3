// The automatic answers of away mode, for every SQL backend.
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

class SqlAutoReplyRepo final : public AutoReplyRepo {
 public:
  explicit SqlAutoReplyRepo(Connection& c) : c_(c) {}

  Result<std::optional<Timestamp>> LastAutoReply(ShopId shop, CustomerId customer) override {
    SHOPDESK_PREPARE(
        s, c_, "SELECT MAX(sent_at) FROM auto_replies WHERE shop_id = ?1 AND customer_id = ?2");
    s.Bind(1, shop).Bind(2, customer);
    auto row = s.Step();
    if (!row) return row.error();
    return *row ? s.OptionalInt(0) : std::optional<Timestamp>();
  }

  Status RecordAutoReply(ShopId shop, CustomerId customer, MessageId message,
                         Timestamp sent_at) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO auto_replies (shop_id, customer_id, message_id, sent_at) VALUES "
                     "(?1, ?2, ?3, ?4)");
    return s.Bind(1, shop).Bind(2, customer).Bind(3, message).Bind(4, sent_at).Run();
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<AutoReplyRepo> MakeAutoReplyRepo(Connection& c) {
  return std::make_unique<SqlAutoReplyRepo>(c);
}

}  // namespace shopdesk::store::sql
