#include "store/database.h"
#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_database.h"

namespace shopdesk::store {

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, const OpenOptions& options) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.rfind(kSqlite, 0) == 0) {
    const std::string path = url.substr(kSqlite.size());
    if (path.empty()) {
      return Error::InvalidArgument("database URL '" + url +
                                    "' has no path (sqlite:data/shopdesk.db)");
    }
    return sqlite::OpenSqliteDatabase(path, options);
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return postgres::OpenPostgresDatabase(url, options);
  }
  return Error::InvalidArgument("unknown database URL '" + url +
                                "'; use sqlite:PATH or postgresql://user@host:port/db");
}

}  // namespace shopdesk::store
