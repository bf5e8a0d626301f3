#pragma once

#include <memory>
#include <string>

#include "store/database.h"
#include "store/sql/sql_database.h"

namespace shopdesk::store::sqlite {

// Opens the SQLite database at `path` (":memory:" for a private one), sets WAL,
// synchronous=FULL and foreign keys, and applies pending migrations when asked.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                     const OpenOptions& options);

// Generated from migrations/*.sql.
extern const sql::Migration kMigrations[];
extern const int kMigrationCount;

}  // namespace shopdesk::store::sqlite
