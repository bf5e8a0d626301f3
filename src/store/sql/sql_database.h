#pragma once

#include <memory>
#include <string>

#include "store/database.h"
#include "store/sql/sql_connection.h"

namespace shopdesk::store::sql {

// One numbered schema migration compiled into the binary (cmake/EmbedMigrations.cmake
// generates the list from store/<backend>/migrations/NNNN_name.sql).
struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// What differs between SQL backends above the driver.
struct Dialect {
  std::string name;         // "sqlite", "postgresql"
  std::string begin_write;  // e.g. "BEGIN IMMEDIATE"
  std::string begin_read;
  // Run first inside the migration transaction so concurrent nodes migrate one at a
  // time; empty when the write transaction already serializes them.
  std::string migration_lock;
  const Migration* migrations;
  int migration_count;
};

// A Database over `connection`: transactions, the shared repositories, migrations
// (applied in order, each in its own transaction, recorded in schema_migrations).
// Unavailable when a migration fails (nothing of it is applied).
// The connection under a Database that OpenDatabase opened (every backend is SQL),
// for store tools that work on rows generically (tenant_copy.cc).
Connection& ConnectionOf(Database& db);

Result<std::unique_ptr<Database>> OpenSqlDatabase(std::unique_ptr<Connection> connection,
                                                  Dialect dialect, bool migrate);

}  // namespace shopdesk::store::sql
