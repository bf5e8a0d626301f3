#include "store/sqlite/sqlite_connection.h"

namespace shopdesk::store::sqlite {

Error SqliteError(sqlite3* db, int code, std::string_view what) {
  const std::string detail =
      std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      return Error::Conflict(detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::Unavailable("the database is busy (" + detail + "); try again");
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Error::Unavailable("database I/O failed (" + detail + ")");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error::Corrupt("the database file is damaged (" + detail + ")");
    case SQLITE_TOOBIG:
      return Error::TooLarge(detail);
    default:
      return Error::Internal(detail);
  }
}

void SqliteStatement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  failed_bind_ = false;
}

void SqliteStatement::BindInt(int index, std::int64_t value) {
  failed_bind_ |= sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK;
}

void SqliteStatement::BindText(int index, std::string_view text) {
  failed_bind_ |= sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                      SQLITE_UTF8) != SQLITE_OK;
}

void SqliteStatement::BindBytes(int index, std::string_view bytes) {
  failed_bind_ |=
      sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC) != SQLITE_OK;
}

void SqliteStatement::BindNullAt(int index) {
  failed_bind_ |= sqlite3_bind_null(stmt_, index) != SQLITE_OK;
}

Result<bool> SqliteStatement::Step() {
  if (failed_bind_) return SqliteError(db_, sqlite3_errcode(db_), "binding a value");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, rc, sqlite3_sql(stmt_));
}

Status SqliteStatement::DeferChange(Error unchanged) {
  SHOPDESK_TRY(Run());
  if (sqlite3_changes(db_) == 0) return unchanged;
  return Ok();
}

std::string SqliteStatement::Text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_blob(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(p, static_cast<size_t>(n)) : std::string();
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                 int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    Error e = SqliteError(db, rc, "opening " + path);
    sqlite3_close(db);
    return e;
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
}

SqliteConnection::~SqliteConnection() {
  cache_.clear();  // finalize every statement before closing
  sqlite3_close(db_);
}

Result<sql::StatementLease> SqliteConnection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "preparing: " + sql);
    it = cache_.emplace(sql, std::make_unique<SqliteStatement>(stmt, db_)).first;
  }
  return sql::StatementLease(it->second.get());
}

Status SqliteConnection::Exec(const std::string& sql) {
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    // Name the statement (its start: migrations are long) beside SQLite's message.
    std::string what = sql.substr(0, sql.find('\n'));
    if (what.size() > 80) what = what.substr(0, 77) + "...";
    return SqliteError(db_, rc, "running " + what);
  }
  return Ok();
}

}  // namespace shopdesk::store::sqlite
