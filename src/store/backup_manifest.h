#pragma once

// The small text file written beside a backup ("<backup>.manifest") that says what
// the backup is, so restore can check it before touching a database:
//
//   # shopdesk backup manifest: describes the file named below; keep the two together.
//   shopdesk-backup: 1
//   file: shopdesk-2026-05-01.db
//   format: sqlite            (or pg_dump)
//   bytes: 1048576
//   sha256: 9f86d0...
//   schema_version: 5
//   created_at: 2026-05-01T03:00:00.000Z
//
// One "key: value" per line; '#' starts a comment line; unknown keys are ignored so
// newer versions may add some.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "store/backup.h"

namespace shopdesk::store {

struct BackupManifest {
  BackupFormat format = BackupFormat::kSqlite;
  std::string file;  // the backup's file name (no directory) when it was made
  std::int64_t bytes = 0;
  std::string sha256;
  int schema_version = 0;
  Timestamp created_at = 0;
};

// "<backup>.manifest".
std::string ManifestPathFor(const std::string& backup_path);

std::string FormatManifest(const BackupManifest& manifest);
// Corrupt (naming `path`) when a required key is missing or malformed, or the
// manifest version is newer than this shopdesk knows.
Result<BackupManifest> ParseManifest(std::string_view text, const std::string& path);

// The format announced by a file's first bytes ("SQLite format 3\0", "PGDMP"), or
// nullopt when it is neither.
std::optional<BackupFormat> SniffBackupFormat(std::string_view first_bytes);

}  // namespace shopdesk::store
