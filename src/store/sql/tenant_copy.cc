// Copying shops between databases (store/tenant_copy.h), written once against the
// generic SQL surface so it runs between any two backends.
#include "store/tenant_copy.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/digest.h"
#include "store/sql/sql_database.h"
#include "store/sql/sql_repos.h"
#include "store/sql/tenant_schema.h"

namespace shopdesk::store {
namespace {

using sql::Connection;
using sql::Statement;

using sql::ColumnKind;
using sql::CopyColumn;
using sql::CopyPlan;
using sql::CopyTable;

constexpr int kPage = 1000;

// An order-free checksum of a set of rows: the sum of their SHA-256s, as four 64-bit
// lanes (unlike XOR, a row counted twice does not cancel out).
class RowSum {
 public:
  void Add(const std::string& sha256_raw) {
    for (int i = 0; i < 4; ++i) {
      std::uint64_t lane;
      std::memcpy(&lane, sha256_raw.data() + 8 * i, 8);
      lanes_[i] += lane;
    }
    ++count_;
  }
  std::int64_t count() const { return count_; }
  std::string Hex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (std::uint64_t lane : lanes_) {
      for (int shift = 60; shift >= 0; shift -= 4) out += kDigits[(lane >> shift) & 0xf];
    }
    return out;
  }
  bool operator==(const RowSum& o) const { return lanes_ == o.lanes_ && count_ == o.count_; }

 private:
  std::array<std::uint64_t, 4> lanes_{};
  std::int64_t count_ = 0;
};

struct Value {
  bool null = false;
  std::int64_t i = 0;
  std::string s;
};

// The canonical bytes of a row (in source ids) that its checksum is taken of.
std::string RowHash(std::int64_t source_id, const std::vector<CopyColumn>& columns,
                    const std::vector<Value>& values) {
  std::string bytes = std::to_string(source_id);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const Value& v = values[i];
    bytes += '|';
    if (v.null) {
      bytes += 'N';
    } else if (columns[i].kind != ColumnKind::kInt) {
      bytes += std::to_string(v.s.size()) + ':' + v.s;
    } else {
      bytes += std::to_string(v.i);
    }
  }
  return Sha256Raw(bytes);
}

std::string ColumnList(const std::vector<CopyColumn>& columns) {
  std::string out;
  for (const auto& c : columns) out += ", " + c.name;
  return out;
}

// ", ?first, ?first+1, ..." for the columns, as ColumnList names them.
std::string Placeholders(const std::vector<CopyColumn>& columns, int first) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) out += ", ?" + std::to_string(first + i);
  return out;
}

// "a = ?first, b = ?first+1, ...".
std::string Assignments(const std::vector<CopyColumn>& columns, int first) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    out += (i ? ", " : "") + columns[i].name + " = ?" + std::to_string(first + i);
  }
  return out;
}

std::vector<Value> ReadValues(const Statement& s, const std::vector<CopyColumn>& columns,
                              int first) {
  std::vector<Value> values(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const int col = first + static_cast<int>(i);
    Value& v = values[i];
    v.null = s.IsNull(col);
    if (v.null) continue;
    if (columns[i].kind != ColumnKind::kInt) {
      v.s = s.Text(col);
    } else {
      v.i = s.Int(col);
    }
  }
  return values;
}

void BindValues(Statement& s, const std::vector<CopyColumn>& columns,
                const std::vector<Value>& values, int first) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const int index = first + static_cast<int>(i);
    const Value& v = values[i];
    if (v.null) {
      s.BindNull(index);
    } else if (columns[i].kind == ColumnKind::kBlob) {
      s.BindBlob(index, v.s);
    } else if (columns[i].kind == ColumnKind::kText) {
      s.Bind(index, v.s);
    } else {
      s.Bind(index, v.i);
    }
  }
}

using IdMap = std::unordered_map<std::int64_t, std::int64_t>;

// One shop's copy: the maps of every table so far, both directions.
class ShopCopier {
 public:
  ShopCopier(Database& from, Database& to, const CopyPlan& plan, const Shop& source,
             const TenantCopyOptions& options)
      : from_(from),
        to_(to),
        src_(sql::ConnectionOf(from)),
        dst_(sql::ConnectionOf(to)),
        plan_(plan),
        source_(source),
        options_(options) {}

  Result<ShopCopyReport> Run() {
    auto snapshot = from_.BeginRead();
    if (!snapshot) return snapshot.error();
    auto tx = to_.BeginWrite();
    if (!tx) return tx.error();
    SHOPDESK_TRY(PlaceShop());
    for (const auto& table : plan_.id_tables) {
      auto copied = CopyIdTable(table);
      if (!copied) return copied.error();
      report_.tables.push_back(*copied);
    }
    SHOPDESK_TRY(CopyAccounts());
    auto tags = CopyTags();
    if (!tags) return tags.error();
    report_.tables.push_back(*tags);
    auto blobs = CopyBlobs();
    if (!blobs) return blobs.error();
    report_.tables.push_back(*blobs);
    SHOPDESK_TRY((*tx)->Commit());
    return report_;
  }

 private:
  void Progress(const std::string& line) { options_.progress(source_.slug + ": " + line); }

  // Finds or creates the target shop, with every column of the source's shop row;
  // Conflict when its slug belongs to another shop.
  Status PlaceShop() {
    report_.slug = source_.slug;
    report_.source_id = source_.id;
    const std::vector<CopyColumn>& columns = plan_.shop_columns;
    SHOPDESK_PREPARE(read, src_, "SELECT id" + ColumnList(columns) + " FROM shops WHERE id = ?1");
    read.Bind(1, source_.id);
    auto source_row = read.Step();
    if (!source_row) return source_row.error();
    if (!*source_row) return Error::NotFound("shop", source_.slug);
    const std::vector<Value> values = ReadValues(read, columns, 1);
    SHOPDESK_PREPARE(find, dst_, "SELECT id FROM shops WHERE slug = ?1");
    find.Bind(1, source_.slug);
    auto found = find.Step();
    if (!found) return found.error();
    if (*found) {
      target_shop_ = find.Int(0);
      SHOPDESK_PREPARE(origin, dst_,
                       "SELECT source_shop_id, source_created_at FROM shop_copies "
                       "WHERE shop_id = ?1");
      origin.Bind(1, target_shop_);
      auto row = origin.Step();
      if (!row) return row.error();
      if (!*row || origin.Int(0) != source_.id || origin.Int(1) != source_.created_at) {
        return Error::Conflict("the target already has a shop '" + source_.slug +
                               "' that was not copied from this source shop; nothing was copied "
                               "for it");
      }
      SHOPDESK_PREPARE(update, dst_,
                       "UPDATE shops SET " + Assignments(columns, 2) + " WHERE id = ?1");
      update.Bind(1, target_shop_);
      BindValues(update, columns, values, 2);
      SHOPDESK_TRY(update.Run());
      SHOPDESK_PREPARE(touch, dst_, "UPDATE shop_copies SET copied_at = ?2 WHERE shop_id = ?1");
      SHOPDESK_TRY(touch.Bind(1, target_shop_).Bind(2, options_.now).Run());
    } else {
      report_.first_copy = true;
      SHOPDESK_PREPARE(insert, dst_,
                       "INSERT INTO shops (" + ColumnList(columns).substr(2) + ") VALUES (" +
                           Placeholders(columns, 1).substr(2) + ") RETURNING id");
      BindValues(insert, columns, values, 1);
      SHOPDESK_TRY(insert.Run());
      target_shop_ = insert.ReturnedId();
      SHOPDESK_PREPARE(record, dst_,
                       "INSERT INTO shop_copies (shop_id, source_shop_id, source_created_at, "
                       "copied_at) VALUES (?1, ?2, ?3, ?4)");
      SHOPDESK_TRY(record.Bind(1, target_shop_)
                       .Bind(2, source_.id)
                       .Bind(3, source_.created_at)
                       .Bind(4, options_.now)
                       .Run());
    }
    report_.target_id = target_shop_;
    return Ok();
  }

  // A copied row: its target id and the hex SHA-256 of its source row.
  struct Mapped {
    std::int64_t target_id;
    std::string row_sha256;
  };

  Result<std::unordered_map<std::int64_t, Mapped>> LoadMap(const std::string& table) {
    SHOPDESK_PREPARE(s, dst_,
                     "SELECT source_id, target_id, row_sha256 FROM copy_id_map "
                     "WHERE shop_id = ?1 AND table_name = ?2");
    s.Bind(1, target_shop_).Bind(2, table);
    std::unordered_map<std::int64_t, Mapped> map;
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return map;
      map.emplace(s.Int(0), Mapped{s.Int(1), s.Text(2)});
    }
  }

  Status SaveMapping(const std::string& table, std::int64_t source_id, const Mapped& m) {
    SHOPDESK_PREPARE(s, dst_,
                     "INSERT INTO copy_id_map (shop_id, table_name, source_id, target_id, "
                     "row_sha256) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (shop_id, table_name, "
                     "source_id) DO UPDATE SET target_id = excluded.target_id, "
                     "row_sha256 = excluded.row_sha256");
    return s.Bind(1, target_shop_)
        .Bind(2, table)
        .Bind(3, source_id)
        .Bind(4, m.target_id)
        .Bind(5, m.row_sha256)
        .Run();
  }

  Result<std::int64_t> CountSource(const std::string& table) {
    SHOPDESK_PREPARE(s, src_, "SELECT COUNT(*) FROM " + table + " WHERE shop_id = ?1");
    s.Bind(1, source_.id);
    auto row = s.Step();
    if (!row) return row.error();
    return s.Int(0);
  }

  // Rewrites the references of `values` from source ids to target ids.
  Status MapReferences(const CopyTable& table, std::int64_t source_id, std::vector<Value>& values) {
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
      const CopyColumn& c = table.columns[i];
      if (c.ref.empty() || values[i].null) continue;
      const auto& map = forward_[c.ref];
      auto it = map.find(values[i].i);
      if (it == map.end()) {
        return Error::Corrupt(table.name + " row " + std::to_string(source_id) + " refers to " +
                              c.ref + " " + std::to_string(values[i].i) +
                              ", which the shop does not have");
      }
      values[i].i = it->second;
    }
    return Ok();
  }

  Result<TableCopyReport> CopyIdTable(const CopyTable& table) {
    TableCopyReport r;
    r.table = table.name;
    auto total = CountSource(table.name);
    if (!total) return total.error();
    auto map = LoadMap(table.name);
    if (!map) return map.error();
    const std::string columns = ColumnList(table.columns);
    const int n = static_cast<int>(table.columns.size());
    SHOPDESK_PREPARE(read, src_,
                     "SELECT id" + columns + " FROM " + table.name +
                         " WHERE shop_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
    RowSum sum;
    std::unordered_set<std::int64_t> seen;
    IdMap& forward = forward_[table.name];
    std::int64_t after = 0;
    for (;;) {
      read.Reset();
      read.Bind(1, source_.id).Bind(2, after).Bind(3, kPage);
      int rows = 0;
      for (;;) {
        auto row = read.Step();
        if (!row) return row.error();
        if (!*row) break;
        ++rows;
        const std::int64_t source_id = read.Int(0);
        after = source_id;
        std::vector<Value> values = ReadValues(read, table.columns, 1);
        const std::string raw_hash = RowHash(source_id, table.columns, values);
        sum.Add(raw_hash);
        const std::string hash = HexOf(raw_hash);
        seen.insert(source_id);
        SHOPDESK_TRY(MapReferences(table, source_id, values));
        auto mapped = map->find(source_id);
        if (mapped != map->end() && mapped->second.row_sha256 == hash) {
          ++r.unchanged;
        } else if (mapped != map->end()) {
          SHOPDESK_PREPARE(update, dst_,
                           "UPDATE " + table.name + " SET " + Assignments(table.columns, 2) +
                               " WHERE shop_id = ?1 AND id = ?" + std::to_string(n + 2));
          update.Bind(1, target_shop_);
          BindValues(update, table.columns, values, 2);
          update.Bind(n + 2, mapped->second.target_id);
          SHOPDESK_TRY(update.Run());
          mapped->second.row_sha256 = hash;
          SHOPDESK_TRY(SaveMapping(table.name, source_id, mapped->second));
          ++r.updated;
        } else {
          SHOPDESK_PREPARE(insert, dst_,
                           "INSERT INTO " + table.name + " (shop_id" + columns + ") VALUES (?1" +
                               Placeholders(table.columns, 2) + ") RETURNING id");
          insert.Bind(1, target_shop_);
          BindValues(insert, table.columns, values, 2);
          SHOPDESK_TRY(insert.Run());
          Mapped m{insert.ReturnedId(), hash};
          SHOPDESK_TRY(SaveMapping(table.name, source_id, m));
          map->emplace(source_id, m);
          ++r.inserted;
        }
        forward[source_id] = map->at(source_id).target_id;
      }
      if (rows < kPage) break;
      if (seen.size() % 10000 < static_cast<std::size_t>(kPage)) {
        Progress(table.name + " " + std::to_string(seen.size()) + " / " + std::to_string(*total));
      }
    }
    if (table.mirror_deletes) {
      for (auto it = map->begin(); it != map->end();) {
        if (seen.contains(it->first)) {
          ++it;
          continue;
        }
        SHOPDESK_PREPARE(drop, dst_,
                         "DELETE FROM " + table.name + " WHERE shop_id = ?1 AND id = ?2");
        SHOPDESK_TRY(drop.Bind(1, target_shop_).Bind(2, it->second.target_id).Run());
        SHOPDESK_PREPARE(unmap, dst_,
                         "DELETE FROM copy_id_map WHERE shop_id = ?1 AND table_name = ?2 AND "
                         "source_id = ?3");
        SHOPDESK_TRY(unmap.Bind(1, target_shop_).Bind(2, table.name).Bind(3, it->first).Run());
        forward.erase(it->first);
        it = map->erase(it);
        ++r.removed;
      }
    }
    r.source_rows = sum.count();
    auto verified = VerifyIdTable(table, sum);
    if (!verified) return verified.error();
    r.checksum = sum.Hex();
    Progress(table.name + ": " + std::to_string(r.source_rows) + " rows, " +
             std::to_string(r.inserted) + " new, " + std::to_string(r.updated) + " updated");
    return r;
  }

  // Reads the copies back (inside the target transaction), translates their ids to
  // source ids and compares count and checksum with the source's.
  Status VerifyIdTable(const CopyTable& table, const RowSum& expected) {
    std::unordered_map<std::string, IdMap> backward;
    backward[table.name] = Reverse(forward_[table.name]);
    for (const auto& c : table.columns) {
      if (!c.ref.empty() && !backward.contains(c.ref)) {
        backward[c.ref] = Reverse(forward_[c.ref]);
      }
    }
    const IdMap& own = backward[table.name];
    SHOPDESK_PREPARE(read, dst_,
                     "SELECT id" + ColumnList(table.columns) + " FROM " + table.name +
                         " WHERE shop_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3");
    RowSum actual;
    std::int64_t after = 0;
    for (;;) {
      read.Reset();
      read.Bind(1, target_shop_).Bind(2, after).Bind(3, kPage);
      int rows = 0;
      for (;;) {
        auto row = read.Step();
        if (!row) return row.error();
        if (!*row) break;
        ++rows;
        after = read.Int(0);
        auto source_id = own.find(after);
        if (source_id == own.end()) continue;  // created in the target itself
        std::vector<Value> values = ReadValues(read, table.columns, 1);
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
          const CopyColumn& c = table.columns[i];
          if (c.ref.empty() || values[i].null) continue;
          const auto& back = backward[c.ref];
          auto it = back.find(values[i].i);
          values[i].i = it == back.end() ? -1 : it->second;
        }
        actual.Add(RowHash(source_id->second, table.columns, values));
      }
      if (rows < kPage) break;
    }
    if (!(actual == expected)) {
      return Error::Corrupt("verification of " + table.name + " failed: the source has " +
                            std::to_string(expected.count()) + " rows (checksum " + expected.Hex() +
                            "), the copy " + std::to_string(actual.count()) + " (checksum " +
                            actual.Hex() + "); nothing of shop '" + source_.slug +
                            "' was committed");
    }
    return Ok();
  }

  static IdMap Reverse(const IdMap& map) {
    IdMap out;
    out.reserve(map.size());
    for (const auto& [s, t] : map) out.emplace(t, s);
    return out;
  }

  // The accounts (login, password hash) of the shop's agents, matched by e-mail: an
  // account the target has already (the person works for another shop there) is
  // kept as it is; a missing one is created with the source's password hash.
  Status CopyAccounts() {
    SHOPDESK_PREPARE(emails, src_, "SELECT DISTINCT email FROM agents WHERE shop_id = ?1");
    emails.Bind(1, source_.id);
    auto list = sql::CollectRows(emails, [](Statement& st) { return st.Text(0); });
    if (!list) return list.error();
    for (const auto& email : *list) {
      auto source = from_.accounts().FindByEmail(email);
      if (!source && source.error().code == ErrorCode::kNotFound) continue;  // token-only agent
      if (!source) return source.error();
      auto existing = to_.accounts().FindByEmail(email);
      if (existing) continue;
      if (existing.error().code != ErrorCode::kNotFound) return existing.error();
      Account copy = *source;
      copy.failed_logins = 0;
      copy.locked_until = 0;
      auto created = to_.accounts().Create(copy);
      if (!created) return created.error();
    }
    return Ok();
  }

  // Tag sets, one per conversation, recorded in copy_id_map under "conversation_tags"
  // with the tag set's hash, so unchanged sets are not rewritten.
  Result<TableCopyReport> CopyTags() {
    TableCopyReport r;
    r.table = "conversation_tags";
    auto map = LoadMap(r.table);
    if (!map) return map.error();
    std::map<std::int64_t, std::vector<std::string>> sets;
    {
      SHOPDESK_PREPARE(read, src_,
                       "SELECT conversation_id, tag FROM conversation_tags WHERE shop_id = ?1 "
                       "ORDER BY conversation_id, tag");
      read.Bind(1, source_.id);
      for (;;) {
        auto row = read.Step();
        if (!row) return row.error();
        if (!*row) break;
        sets[read.Int(0)].push_back(read.Text(1));
        ++r.source_rows;
      }
    }
    // A conversation whose tags were all removed since the last copy has an empty set.
    for (const auto& [source_conversation, mapped] : *map) sets.try_emplace(source_conversation);
    RowSum expected;
    const IdMap& conversations = forward_["conversations"];
    for (const auto& [source_conversation, tags] : sets) {
      auto target = conversations.find(source_conversation);
      if (target == conversations.end()) {
        return Error::Corrupt("tags refer to conversation " + std::to_string(source_conversation) +
                              ", which the shop does not have");
      }
      const std::string raw_hash = TagSetHash(source_conversation, tags);
      if (!tags.empty()) expected.Add(raw_hash);
      const std::string hash = HexOf(raw_hash);
      auto mapped = map->find(source_conversation);
      if (mapped != map->end() && mapped->second.row_sha256 == hash) {
        r.unchanged += static_cast<std::int64_t>(tags.size());
        continue;
      }
      SHOPDESK_PREPARE(clear, dst_,
                       "DELETE FROM conversation_tags WHERE shop_id = ?1 AND conversation_id = ?2");
      SHOPDESK_TRY(clear.Bind(1, target_shop_).Bind(2, target->second).Run());
      for (const auto& tag : tags) {
        SHOPDESK_PREPARE(insert, dst_,
                         "INSERT INTO conversation_tags (shop_id, conversation_id, tag) "
                         "VALUES (?1, ?2, ?3)");
        SHOPDESK_TRY(insert.Bind(1, target_shop_).Bind(2, target->second).Bind(3, tag).Run());
      }
      (mapped == map->end() ? r.inserted : r.updated) += static_cast<std::int64_t>(tags.size());
      SHOPDESK_TRY(SaveMapping(r.table, source_conversation, Mapped{target->second, hash}));
    }
    // Verify: the target's tag sets of copied conversations, in source ids.
    const IdMap back = Reverse(conversations);
    std::map<std::int64_t, std::vector<std::string>> copied;
    SHOPDESK_PREPARE(read, dst_,
                     "SELECT conversation_id, tag FROM conversation_tags WHERE shop_id = ?1 "
                     "ORDER BY conversation_id, tag");
    read.Bind(1, target_shop_);
    for (;;) {
      auto row = read.Step();
      if (!row) return row.error();
      if (!*row) break;
      auto source = back.find(read.Int(0));
      if (source != back.end()) copied[source->second].push_back(read.Text(1));
    }
    RowSum actual;
    for (const auto& [conversation, tags] : copied) actual.Add(TagSetHash(conversation, tags));
    if (!(actual == expected)) {
      return Error::Corrupt("verification of conversation_tags failed (" +
                            std::to_string(expected.count()) +
                            " tagged conversations in the "
                            "source, " +
                            std::to_string(actual.count()) +
                            " in the copy); nothing "
                            "of shop '" +
                            source_.slug + "' was committed");
    }
    r.checksum = expected.Hex();
    return r;
  }

  static std::string TagSetHash(std::int64_t conversation, const std::vector<std::string>& tags) {
    std::string bytes = std::to_string(conversation);
    for (const auto& t : tags) bytes += "|" + std::to_string(t.size()) + ":" + t;
    return Sha256Raw(bytes);
  }

  // Content-addressed and immutable: copy the ones the target lacks, each checked
  // against its address; verify every (address, byte length) pair.
  Result<TableCopyReport> CopyBlobs() {
    TableCopyReport r;
    r.table = "blobs";
    auto total = CountSource("blobs");
    if (!total) return total.error();
    auto present = BlobLengths(dst_, target_shop_);
    if (!present) return present.error();
    auto wanted = BlobLengths(src_, source_.id);
    if (!wanted) return wanted.error();
    for (const auto& [sha256, length] : *wanted) {
      if (present->contains(sha256)) {
        ++r.unchanged;
        continue;
      }
      SHOPDESK_PREPARE(read, src_,
                       "SELECT size, data FROM blobs WHERE shop_id = ?1 AND sha256 = ?2");
      read.Bind(1, source_.id).Bind(2, sha256);
      auto row = read.Step();
      if (!row) return row.error();
      if (!*row) return Error::Corrupt("blob " + sha256 + " vanished from the source snapshot");
      const std::int64_t size = read.Int(0);
      const std::string data = read.Text(1);
      if (Sha256Hex(data) != sha256) {
        return Error::Corrupt("blob " + sha256 + " of shop '" + source_.slug +
                              "' does not match its SHA-256 in the source; nothing of the shop was "
                              "committed");
      }
      SHOPDESK_PREPARE(insert, dst_,
                       "INSERT INTO blobs (shop_id, sha256, size, data) VALUES (?1, ?2, ?3, ?4)");
      SHOPDESK_TRY(
          insert.Bind(1, target_shop_).Bind(2, sha256).Bind(3, size).BindBlob(4, data).Run());
      ++r.inserted;
      if (r.inserted % 1000 == 0) {
        Progress("blobs " + std::to_string(r.inserted) + " copied of " + std::to_string(*total));
      }
    }
    r.source_rows = static_cast<std::int64_t>(wanted->size());
    auto copied = BlobLengths(dst_, target_shop_);
    if (!copied) return copied.error();
    RowSum expected, actual;
    for (const auto& [sha256, length] : *wanted) {
      expected.Add(Sha256Raw(sha256 + "|" + std::to_string(length)));
      auto it = copied->find(sha256);
      if (it != copied->end()) actual.Add(Sha256Raw(sha256 + "|" + std::to_string(it->second)));
    }
    if (!(actual == expected)) {
      return Error::Corrupt("verification of blobs failed (" + std::to_string(expected.count()) +
                            " in the source, " + std::to_string(actual.count()) +
                            " matching in the copy); nothing of shop '" + source_.slug +
                            "' was committed");
    }
    r.checksum = expected.Hex();
    Progress("blobs: " + std::to_string(r.source_rows) + ", " + std::to_string(r.inserted) +
             " new");
    return r;
  }

  // Address -> stored byte length of a shop's blobs (the data itself is not read).
  static Result<std::map<std::string, std::int64_t>> BlobLengths(Connection& c, ShopId shop) {
    SHOPDESK_PREPARE(s, c, "SELECT sha256, LENGTH(data) FROM blobs WHERE shop_id = ?1");
    s.Bind(1, shop);
    std::map<std::string, std::int64_t> out;
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return out;
      out.emplace(s.Text(0), s.Int(1));
    }
  }

  Database& from_;
  Database& to_;
  Connection& src_;
  Connection& dst_;
  const CopyPlan& plan_;
  const Shop source_;
  const TenantCopyOptions& options_;
  ShopId target_shop_ = 0;
  std::unordered_map<std::string, IdMap> forward_;  // table -> source id -> target id
  ShopCopyReport report_;
};

}  // namespace

Result<std::vector<ShopCopyReport>> CopyShops(Database& from, Database& to,
                                              const TenantCopyOptions& options) {
  auto plan = sql::PlanTenantCopy(from, to);
  if (!plan) return plan.error();
  std::vector<Shop> shops;
  if (options.slugs.empty()) {
    auto all = from.shops().List();
    if (!all) return all.error();
    shops = std::move(*all);
  } else {
    for (const auto& slug : options.slugs) {
      auto shop = from.shops().FindBySlug(slug);
      if (!shop) return shop.error();
      shops.push_back(*shop);
    }
  }
  std::vector<ShopCopyReport> reports;
  for (const auto& shop : shops) {
    ShopCopier copier(from, to, *plan, shop, options);
    auto report = copier.Run();
    if (!report) return report.error();
    reports.push_back(std::move(*report));
  }
  return reports;
}

}  // namespace shopdesk::store
