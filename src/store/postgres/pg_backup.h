#pragma once

// PostgreSQL halves of store/backup.h: pg_dump and pg_restore run as child processes.

#include <string>
#include <vector>

#include "core/result.h"
#include "store/backup.h"

namespace shopdesk::store::postgres {

// Dumps the database at `url` into the new file `dest_path` with
// pg_dump --format=custom (one consistent snapshot; writers go on). Returns the
// schema version it had. Errors: Unavailable when the server cannot be reached,
// pg_dump is missing or older than the server, or pg_dump fails (with its message);
// InvalidArgument when the database holds no shopdesk schema.
Result<int> DumpPostgres(const std::string& url, const std::string& dest_path,
                         const BackupToolOptions& options);

// The tables ("schema.name") a pg_dump archive creates, read by pg_restore --list.
// Corrupt when pg_restore cannot read the archive.
Result<std::vector<std::string>> ArchiveTables(const std::string& archive_path,
                                               const BackupToolOptions& options);

// The tables, views and foreign tables ("schema.name") of the database at `url`,
// outside PostgreSQL's own schemas. Unavailable when it cannot be reached.
Result<std::vector<std::string>> DatabaseTables(const std::string& url);

// pg_restore --no-owner --no-privileges --single-transaction --exit-on-error of
// `archive_path` into `url`; `clean` also drops each archived object first
// (--clean --if-exists), in the same transaction. A failure rolls everything back.
// Unavailable with pg_restore's message when it fails.
Status RestorePostgres(const std::string& archive_path, const std::string& url, bool clean,
                       const BackupToolOptions& options);

}  // namespace shopdesk::store::postgres
