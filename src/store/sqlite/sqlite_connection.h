#pragma once

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "store/sql/sql_connection.h"

namespace shopdesk::store::sqlite {

// A prepared SQLite statement. Text is bound as a copy (callers bind temporaries);
// blobs are bound without a copy. Not thread-safe.
class SqliteStatement final : public sql::Statement {
 public:
  SqliteStatement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  Result<bool> Step() override;
  Status DeferChange(Error unchanged) override;
  std::int64_t Int(int column) const override { return sqlite3_column_int64(stmt_, column); }
  bool IsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }
  std::string Text(int column) const override;
  void Reset() override;

 protected:
  void BindInt(int index, std::int64_t value) override;
  void BindText(int index, std::string_view text) override;
  void BindBytes(int index, std::string_view bytes) override;
  void BindNullAt(int index) override;

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
  bool failed_bind_ = false;
};

// One SQLite connection with a cache of prepared statements keyed by SQL text.
class SqliteConnection final : public sql::Connection {
 public:
  // Opens `path` (":memory:" for a private in-memory database).
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                        int busy_timeout_ms);
  ~SqliteConnection() override;

  Result<sql::StatementLease> Prepare(const std::string& sql) override;
  Status Exec(const std::string& sql) override;
  std::int64_t Changes() const override { return sqlite3_changes(db_); }
  // BEGIN IMMEDIATE already keeps every other writer out.
  std::string_view ClaimRowsClause() const override { return ""; }
  bool InProcess() const override { return true; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> cache_;
};

// Maps a SQLite result code to an Error whose message names `what`.
Error SqliteError(sqlite3* db, int code, std::string_view what);

}  // namespace shopdesk::store::sqlite
