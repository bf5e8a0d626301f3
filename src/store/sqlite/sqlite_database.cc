#include "store/sqlite/sqlite_database.h"

#include <filesystem>

#include "store/sqlite/sqlite_connection.h"

namespace shopdesk::store::sqlite {

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                     const OpenOptions& options) {
  if (path != ":memory:") {
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Error::Unavailable("cannot create the directory " + parent.string() + ": " +
                                ec.message());
    }
  }
  auto c = SqliteConnection::Open(path, options.busy_timeout_ms);
  if (!c) return c.error();
  // WAL lets readers work while one writer commits; FULL makes each commit durable
  // before it is acknowledged.
  SHOPDESK_TRY(
      (*c)->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                 "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                 "PRAGMA cache_size=-16000;"));
  // BEGIN IMMEDIATE takes the write lock up front, so two writers wait for each other
  // (busy_timeout) instead of failing at commit; it also serializes migrations.
  sql::Dialect dialect{"sqlite", "BEGIN IMMEDIATE", "BEGIN", "", kMigrations, kMigrationCount};
  return sql::OpenSqlDatabase(std::move(*c), std::move(dialect), options.migrate);
}

}  // namespace shopdesk::store::sqlite
