#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace shopdesk::store::sqlite {

// A prepared statement borrowed from a Connection's cache. Binding is 1-based, as in
// SQLite. The statement is reset when the Statement goes out of scope, so it can be
// reused by the next caller. Not thread-safe (neither is its Connection).
class Statement {
 public:
  Statement(sqlite3_stmt* stmt, sqlite3* db) : stmt_(stmt), db_(db) {}
  Statement(Statement&& other) noexcept
      : stmt_(other.stmt_), db_(other.db_), failed_bind_(other.failed_bind_) {
    other.stmt_ = nullptr;
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  // REQUIRES: `bytes` outlives the step (bound without a copy).
  Statement& BindBlob(int index, std::string_view bytes);
  Statement& BindNull(int index);
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // Advances to the next row: true when a row is ready, false when done.
  // Errors: Conflict for constraint violations, Unavailable for busy/I/O errors.
  Result<bool> Step();
  // Runs a statement that returns no rows.
  Status Run();

  std::int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool Bool(int column) const { return Int(column) != 0; }
  bool IsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::optional<std::int64_t> OptionalInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::int64_t>(Int(column));
  }
  std::string Text(int column) const;

 private:
  sqlite3_stmt* stmt_;
  sqlite3* db_;
  bool failed_bind_ = false;
};

// One SQLite connection with a cache of prepared statements keyed by SQL text.
class Connection {
 public:
  // Opens `path` (":memory:" for a private in-memory database).
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, int busy_timeout_ms);
  ~Connection();

  // A cached statement for `sql`, prepared on first use. Internal on a SQL error
  // (a bug: our SQL is fixed text).
  Result<Statement> Prepare(const std::string& sql);
  // Runs one or more statements without results (schema, pragmas, BEGIN/COMMIT).
  Status Exec(const std::string& sql);
  std::int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

// Every row of `s`, each turned into a value by `read(s)`.
template <typename Read>
auto CollectRows(Statement& s, Read read) -> Result<std::vector<decltype(read(s))>> {
  std::vector<decltype(read(s))> out;
  for (;;) {
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read(s));
  }
}

// Declares `Statement& var` prepared from `sql` on `conn`, or returns the error.
#define SHOPDESK_PREPARE(var, conn, sql)              \
  auto var##_prepared = (conn).Prepare(sql);          \
  if (!var##_prepared) return var##_prepared.error(); \
  ::shopdesk::store::sqlite::Statement& var = *var##_prepared

// Maps a SQLite result code to an Error whose message names `what`.
Error SqliteError(sqlite3* db, int code, std::string_view what);

}  // namespace shopdesk::store::sqlite
