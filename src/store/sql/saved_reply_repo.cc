// Saved replies, for every SQL backend.
#include <sstream>

#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kColumns =
    "shop_id, id, title, shortcut, body, language, tags, intent, created_by, created_at, "
    "updated_at";

std::string JoinTags(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ",") + t;
  return out;
}

SavedReply ReadSavedReply(const Statement& s) {
  SavedReply r;
  r.shop_id = s.Int(0);
  r.id = s.Int(1);
  r.title = s.Text(2);
  r.shortcut = s.Text(3);
  r.body = s.Text(4);
  r.language = s.Text(5);
  r.tags = SplitNonEmpty(s.Text(6), ',');
  r.intent = s.Text(7);
  r.created_by = s.OptionalInt(8);
  r.created_at = s.Int(9);
  r.updated_at = s.Int(10);
  return r;
}

// `text` for a LIKE pattern with '\' as the escape character.
std::string EscapeLike(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

class SqlSavedReplyRepo final : public SavedReplyRepo {
 public:
  explicit SqlSavedReplyRepo(Connection& c) : c_(c) {}

  Result<SavedReply> Create(const SavedReply& r) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO saved_replies (shop_id, title, shortcut, body, language, tags, "
                     "intent, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                     "?7, ?8, ?9, ?10) RETURNING id");
    SHOPDESK_TRY(s.Bind(1, r.shop_id)
                     .Bind(2, r.title)
                     .Bind(3, r.shortcut)
                     .Bind(4, r.body)
                     .Bind(5, r.language)
                     .Bind(6, JoinTags(r.tags))
                     .Bind(7, r.intent)
                     .Bind(8, r.created_by)
                     .Bind(9, r.created_at)
                     .Bind(10, r.updated_at)
                     .Run());
    SavedReply created = r;
    created.id = s.ReturnedId();
    return created;
  }

  Result<SavedReply> Find(ShopId shop, SavedReplyId id) override {
    SHOPDESK_PREPARE(
        s, c_,
        std::string("SELECT ") + kColumns + " FROM saved_replies WHERE shop_id = ?1 AND id = ?2");
    s.Bind(1, shop).Bind(2, id);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return Error::NotFound("saved reply", id);
    return ReadSavedReply(s);
  }

  Status Update(const SavedReply& r) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE saved_replies SET title = ?3, shortcut = ?4, body = ?5, language = "
                     "?6, tags = ?7, intent = ?8, updated_at = ?9 WHERE shop_id = ?1 AND id = ?2");
    SHOPDESK_TRY(s.Bind(1, r.shop_id)
                     .Bind(2, r.id)
                     .Bind(3, r.title)
                     .Bind(4, r.shortcut)
                     .Bind(5, r.body)
                     .Bind(6, r.language)
                     .Bind(7, JoinTags(r.tags))
                     .Bind(8, r.intent)
                     .Bind(9, r.updated_at)
                     .Run());
    if (c_.Changes() == 0) return Error::NotFound("saved reply", r.id);
    return Ok();
  }

  Status Delete(ShopId shop, SavedReplyId id) override {
    SHOPDESK_PREPARE(s, c_, "DELETE FROM saved_replies WHERE shop_id = ?1 AND id = ?2");
    SHOPDESK_TRY(s.Bind(1, shop).Bind(2, id).Run());
    if (c_.Changes() == 0) return Error::NotFound("saved reply", id);
    return Ok();
  }

  Result<std::vector<SavedReply>> Search(ShopId shop, const std::string& query,
                                         int limit) override {
    SHOPDESK_PREPARE(
        s, c_,
        std::string("SELECT ") + kColumns +
            " FROM saved_replies WHERE shop_id = ?1 AND (CAST(?2 AS TEXT) = '' OR "
            "lower(title) LIKE '%' || lower(CAST(?3 AS TEXT)) || '%' ESCAPE '\\' OR "
            "lower(shortcut) LIKE '%' || lower(CAST(?3 AS TEXT)) || '%' ESCAPE '\\' OR "
            "(',' || tags || ',') LIKE '%,' || CAST(?3 AS TEXT) || ',%' ESCAPE '\\') "
            "ORDER BY CASE WHEN shortcut = CAST(?2 AS TEXT) THEN 0 ELSE 1 END, title, id "
            "LIMIT ?4");
    s.Bind(1, shop).Bind(2, query).Bind(3, EscapeLike(query)).Bind(4, limit);
    return CollectRows(s, ReadSavedReply);
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<SavedReplyRepo> MakeSavedReplyRepo(Connection& c) {
  return std::make_unique<SqlSavedReplyRepo>(c);
}

}  // namespace shopdesk::store::sql
