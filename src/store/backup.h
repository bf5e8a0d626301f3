#pragma once

// Backups of a whole database and their restore: `shopdesk backup` / `shopdesk restore`.
//
// A backup is one file in its backend's own format, so the usual tools read it too:
// - SQLite: a copy of the database made with SQLite's online backup API while the
//   database stays in use (WAL: writers are not blocked; the copy is one consistent
//   snapshot), saved in rollback-journal mode so it is a single self-contained file.
// - PostgreSQL: a pg_dump archive in custom format (-Fc), read by pg_restore.
// Beside it, "<file>.manifest" (backup_manifest.h) records what the file is (format,
// schema version, size, SHA-256), so restore can tell the formats apart and notice a
// truncated or altered file before it touches the target. Without the manifest,
// restore still recognises the format by the file's first bytes and checks the file
// itself (SQLite: integrity_check; PostgreSQL: pg_restore's own checks, all in one
// transaction).
//
// Both write to a temporary name in the target directory and rename at the end, so a
// crash never leaves a half-written backup under the final name.

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"

namespace shopdesk::store {

enum class BackupFormat { kSqlite, kPgDump };

// "sqlite" or "pg_dump" (as written in manifests).
std::string_view BackupFormatName(BackupFormat format);

struct BackupToolOptions {
  // Where pg_dump / pg_restore are looked up first; empty: PATH, then Debian's
  // /usr/lib/postgresql/<major>/bin (newest first).
  std::string pg_bindir;
  // Progress lines for a person watching ("backup: 40% (1200 / 3000 pages)").
  std::function<void(const std::string&)> progress = [](const std::string&) {};
  // SQLite pages copied per step: the source is read-locked for one step only when
  // no snapshot is held; smaller steps mean more frequent progress. Tests lower it.
  int pages_per_step = 4096;
};

struct BackupOptions : BackupToolOptions {
  // Replace an existing file (and its manifest). Without it, an existing file is a
  // Conflict: a previous backup is never overwritten by accident.
  bool overwrite = false;
};

struct BackupReport {
  BackupFormat format = BackupFormat::kSqlite;
  std::string file;
  std::int64_t bytes = 0;
  std::string sha256;
  int schema_version = 0;
};

// Backs up the database at `url` (sqlite:PATH or postgresql://...) into `file` and
// writes `file`.manifest. Safe while `shopdesk serve` runs and writes: the backup
// holds everything committed before it began and nothing half-committed.
// Errors: InvalidArgument for a bad URL or file name; NotFound when the SQLite file
// does not exist; Conflict when `file` exists and !overwrite; Unavailable for I/O
// and connection failures, a missing pg_dump, or one older than the server (the
// message says what to install); Corrupt when the copy fails its own check.
// On any error no file is left under `file` (an existing one is kept).
Result<BackupReport> BackupDatabase(const std::string& url, const std::string& file,
                                    const BackupOptions& options = {});

struct RestoreOptions : BackupToolOptions {
  // Replace everything in a target that is not empty. Without it a non-empty target
  // is a Conflict and is left untouched. Rows are never merged: SQLite's target is
  // overwritten page for page; on PostgreSQL every object of the archive is dropped
  // and created again (pg_restore --clean) in the same transaction as the restore.
  bool force = false;
};

struct RestoreReport {
  BackupFormat format = BackupFormat::kSqlite;
  bool had_manifest = false;
  int backup_schema_version = 0;  // as the backup was made (0: unknown)
  int schema_version = 0;         // after restore and migrations
};

// Restores `file` into the database at `url`, then opens it with OpenDatabase so
// migrations newer than the backup are applied.
// The backup is checked before the target is touched: against its manifest (size,
// SHA-256, format) when there is one, and by format (SQLite: integrity_check of the
// file). The restore itself is one transaction: a failure leaves the target as it was.
// Errors: NotFound when `file` is missing; InvalidArgument when it is not a shopdesk
// backup, or its format does not fit the target's backend (a SQLite backup into
// PostgreSQL); Corrupt when it is truncated or damaged; Conflict when the target is
// not empty and !force; Unavailable for I/O or connection failures and a missing
// pg_restore.
Result<RestoreReport> RestoreDatabase(const std::string& file, const std::string& url,
                                      const RestoreOptions& options = {});

}  // namespace shopdesk::store
