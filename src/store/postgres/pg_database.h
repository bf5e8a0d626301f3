#pragma once

#include <memory>
#include <string>

#include "store/database.h"
#include "store/sql/sql_database.h"

namespace shopdesk::store::postgres {

// Opens postgresql://user@host:port/db and applies pending migrations when asked
// (concurrent nodes take turns through an advisory lock).
Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& url,
                                                       const OpenOptions& options);

// Generated from migrations/*.sql.
extern const sql::Migration kMigrations[];
extern const int kMigrationCount;

}  // namespace shopdesk::store::postgres
