#pragma once

// SQLite halves of store/backup.h, on SQLite's online backup API
// (sqlite3_backup_init / _step / _finish).

#include <cstdint>
#include <string>

#include "core/result.h"
#include "store/backup.h"

namespace shopdesk::store::sqlite {

// Copies the database at `source_path` into the new file `dest_path`, page by page
// in steps of options.pages_per_step, under one read transaction held on the source
// for the whole copy: in WAL mode writers go on, and the copy is the snapshot of its
// first step (nothing committed later, nothing half-committed). The copy is switched
// to rollback-journal mode (one self-contained file) and passes quick_check.
// Returns the copy's schema version. Errors: NotFound when `source_path` does not
// exist; InvalidArgument when it is not a shopdesk database; Unavailable for I/O or a
// lock that outlasts the busy timeout; Corrupt when the copy fails its check.
Result<int> CopySqliteDatabase(const std::string& source_path, const std::string& dest_path,
                               const BackupToolOptions& options);

// Opens the backup at `path` read-only (as immutable: no journal, no locks), runs
// PRAGMA integrity_check and returns its schema version. Corrupt when it is truncated
// or damaged; InvalidArgument when it holds no shopdesk schema.
Result<int> CheckSqliteBackup(const std::string& path);

struct SqliteTargetState {
  int tables = 0;           // 0: a missing, empty or table-less database
  std::int64_t shops = -1;  // rows in `shops`, or -1 when there is no such table
};
// What the database at `path` holds, without creating it. Unavailable on I/O errors.
Result<SqliteTargetState> InspectSqliteTarget(const std::string& path);

// Copies the backup at `backup_path` over the database at `target_path` (created
// when missing) with the backup API: the target ends up page for page equal to the
// backup, in one transaction (a failure leaves it as it was). Then runs
// PRAGMA integrity_check on the target. REQUIRES: nothing else writes to the target.
// Errors: Unavailable for I/O, a locked target, or a WAL target whose page size
// differs; Corrupt when the result fails integrity_check.
Status RestoreSqliteDatabase(const std::string& backup_path, const std::string& target_path,
                             const BackupToolOptions& options);

}  // namespace shopdesk::store::sqlite
