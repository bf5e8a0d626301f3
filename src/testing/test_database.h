#pragma once

// Opens an empty database for a test: SQLite in memory by default, or the PostgreSQL
// server named by SHOPDESK_TEST_POSTGRES_URL (its public schema is dropped and made
// anew, so each test starts empty). Test-only.

#include <cstdlib>
#include <memory>
#include <string>

#include "store/database.h"
#include "store/postgres/pg_connection.h"

namespace shopdesk::testing {

// The PostgreSQL URL tests may use, or "" when none was given.
inline std::string TestPostgresUrl() {
  const char* url = std::getenv("SHOPDESK_TEST_POSTGRES_URL");
  return url ? url : "";
}

inline Result<std::unique_ptr<store::Database>> OpenEmptyDatabase(const std::string& url) {
  if (url.rfind("postgresql://", 0) == 0) {
    auto admin = store::postgres::PgConnection::Open(url);
    if (!admin) return admin.error();
    SHOPDESK_TRY((*admin)->Exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public;"));
  }
  return store::OpenDatabase(url);
}

// The backend the service tests run on: SHOPDESK_TEST_DB, else SQLite in memory.
inline std::string ServiceTestDatabaseUrl() {
  const char* url = std::getenv("SHOPDESK_TEST_DB");
  return url && *url ? url : "sqlite::memory:";
}

}  // namespace shopdesk::testing
