#pragma once

#include <memory>
#include <string>

#include "store/database.h"
#include "store/sqlite/sqlite_connection.h"

namespace shopdesk::store::sqlite {

// Opens the SQLite database at `path` (":memory:" for a private one), sets WAL,
// synchronous=FULL and foreign keys, and applies pending migrations when asked.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                     const OpenOptions& options);

// The numbered migrations compiled into the binary (generated from migrations/*.sql).
struct Migration {
  int version;
  const char* name;
  const char* sql;
};
extern const Migration kMigrations[];
extern const int kMigrationCount;

}  // namespace shopdesk::store::sqlite
