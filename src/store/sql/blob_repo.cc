// Content-addressed blobs, for every SQL backend.
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

class SqlBlobRepo final : public BlobRepo {
 public:
  explicit SqlBlobRepo(Connection& c) : c_(c) {}
  Status Put(ShopId shop, const std::string& sha256, std::string_view bytes) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO blobs (shop_id, sha256, size, data) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT DO NOTHING");
    return s.Bind(1, shop)
        .Bind(2, sha256)
        .Bind(3, static_cast<std::int64_t>(bytes.size()))
        .BindBlob(4, bytes)
        .Defer();
  }
  Result<std::string> Get(ShopId shop, const std::string& sha256) override {
    SHOPDESK_PREPARE(s, c_, "SELECT data FROM blobs WHERE shop_id = ? AND sha256 = ?");
    s.Bind(1, shop).Bind(2, sha256);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return Error::NotFound("blob", sha256);
    return s.Text(0);
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<BlobRepo> MakeBlobRepo(Connection& c) { return std::make_unique<SqlBlobRepo>(c); }

}  // namespace shopdesk::store::sql
