#include "store/postgres/pg_database.h"

#include "store/postgres/pg_connection.h"

namespace shopdesk::store::postgres {

Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& url,
                                                       const OpenOptions& options) {
  auto c = PgConnection::Open(url);
  if (!c) return c.error();
  // Writers run at READ COMMITTED: unique keys decide duplicates and outbox claims use
  // FOR UPDATE SKIP LOCKED, so no whole-database lock is needed. Readers get one
  // snapshot for all their queries (Database::BeginRead), as SQLite's WAL gives them.
  sql::Dialect dialect{"postgresql",
                       "BEGIN",
                       "BEGIN ISOLATION LEVEL REPEATABLE READ",
                       "SELECT pg_advisory_xact_lock(7301001)",
                       kMigrations,
                       kMigrationCount};
  return sql::OpenSqlDatabase(std::move(*c), std::move(dialect), options.migrate);
}

}  // namespace shopdesk::store::postgres
