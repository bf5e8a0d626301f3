#include "store/backup.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>

#include "store/backup_files.h"
#include "store/backup_manifest.h"
#include "store/database.h"
#include "store/postgres/pg_backup.h"
#include "store/sqlite/sqlite_backup.h"

namespace shopdesk::store {
namespace {

namespace fs = std::filesystem;

// Which backend a database URL names, and the file for SQLite.
struct Target {
  bool sqlite = false;
  std::string path;  // sqlite only
};

Result<Target> ParseUrl(const std::string& url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.rfind(kSqlite, 0) == 0) {
    Target t{true, url.substr(kSqlite.size())};
    if (t.path.empty() || t.path == ":memory:") {
      return Error::InvalidArgument("'" + url +
                                    "' names no database file; use sqlite:PATH for backup and "
                                    "restore");
    }
    return t;
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) return Target{};
  return Error::InvalidArgument("unknown database URL '" + url +
                                "'; use sqlite:PATH or postgresql://user@host:port/db");
}

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

Timestamp NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string Describe(BackupFormat format) {
  return format == BackupFormat::kSqlite ? "a SQLite backup" : "a pg_dump archive";
}

// Checks `file` against its manifest (when there is one) and identifies its format.
// Nothing is written.
Result<RestoreReport> IdentifyBackup(const std::string& file) {
  auto facts = InspectFile(file);
  if (!facts) {
    if (facts.error().code == ErrorCode::kNotFound) {
      return Error::NotFound("backup file", file);
    }
    return facts.error();
  }
  const std::optional<BackupFormat> sniffed = SniffBackupFormat(facts->head);
  RestoreReport report;
  const std::string manifest_path = ManifestPathFor(file);
  auto text = ReadSmallFile(manifest_path);
  if (!text && text.error().code != ErrorCode::kNotFound) return text.error();
  if (text) {
    auto manifest = ParseManifest(*text, manifest_path);
    if (!manifest) return manifest.error();
    report.had_manifest = true;
    report.format = manifest->format;
    report.backup_schema_version = manifest->schema_version;
    if (facts->bytes != manifest->bytes) {
      return Error::Corrupt(file + " is " + std::to_string(facts->bytes) +
                            " bytes, but its manifest says the backup was " +
                            std::to_string(manifest->bytes) +
                            ": the file is truncated or incomplete; restore from another backup");
    }
    if (facts->sha256 != manifest->sha256) {
      return Error::Corrupt(file +
                            " does not match the SHA-256 in its manifest: the file was damaged or "
                            "altered after the backup; restore from another backup");
    }
    if (sniffed != manifest->format) {
      return Error::Corrupt(file + " does not start like " + Describe(manifest->format) +
                            ", as its manifest says it is");
    }
    return report;
  }
  if (!sniffed) {
    return Error::InvalidArgument(
        file + " is not a shopdesk backup (neither a SQLite database nor a pg_dump archive" +
        (facts->bytes == 0 ? ", it is empty" : "") + ")");
  }
  report.format = *sniffed;
  return report;
}

}  // namespace

Result<BackupReport> BackupDatabase(const std::string& url, const std::string& file,
                                    const BackupOptions& options) {
  auto target = ParseUrl(url);
  if (!target) return target.error();
  if (file.empty() || file.back() == '/') {
    return Error::InvalidArgument("--to needs a file name for the backup");
  }
  std::error_code ec;
  if (fs::exists(file, ec) && !options.overwrite) {
    return Error::Conflict(file + " exists; choose another name, or pass --force to replace it");
  }
  if (target->sqlite && SameFile(target->path, file)) {
    return Error::InvalidArgument("the backup file cannot be the database itself");
  }
  const auto parent = fs::path(file).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) {
    return Error::Unavailable("cannot create the directory " + parent.string() + ": " +
                              ec.message());
  }

  BackupReport report;
  report.format = target->sqlite ? BackupFormat::kSqlite : BackupFormat::kPgDump;
  report.file = file;
  const std::string temp = TemporaryPathBeside(file);
  RemoveOnFailure cleanup(temp);
  auto version = target->sqlite ? sqlite::CopySqliteDatabase(target->path, temp, options)
                                : postgres::DumpPostgres(url, temp, options);
  if (!version) return version.error();
  report.schema_version = *version;
  SHOPDESK_TRY(SyncFile(temp));
  auto facts = InspectFile(temp);
  if (!facts) return facts.error();
  if (SniffBackupFormat(facts->head) != report.format) {
    return Error::Internal("the new backup " + temp + " does not start like " +
                           Describe(report.format));
  }
  report.bytes = facts->bytes;
  report.sha256 = facts->sha256;

  BackupManifest manifest;
  manifest.format = report.format;
  manifest.file = fs::path(file).filename().string();
  manifest.bytes = report.bytes;
  manifest.sha256 = report.sha256;
  manifest.schema_version = report.schema_version;
  manifest.created_at = NowMillis();
  // A stale manifest must never describe the new file: remove it first, so a crash
  // between the steps leaves a backup without a manifest (restore then checks the
  // file itself), never one with the wrong manifest.
  const std::string manifest_path = ManifestPathFor(file);
  fs::remove(manifest_path, ec);
  SHOPDESK_TRY(RenameDurably(temp, file));
  cleanup.Keep();
  SHOPDESK_TRY(WriteFileDurably(manifest_path, FormatManifest(manifest)));
  return report;
}

Result<RestoreReport> RestoreDatabase(const std::string& file, const std::string& url,
                                      const RestoreOptions& options) {
  auto target = ParseUrl(url);
  if (!target) return target.error();
  if (target->sqlite && SameFile(target->path, file)) {
    return Error::InvalidArgument("the backup file cannot be restored onto itself");
  }
  auto identified = IdentifyBackup(file);
  if (!identified) return identified.error();
  RestoreReport report = *identified;
  if (target->sqlite != (report.format == BackupFormat::kSqlite)) {
    return Error::InvalidArgument(file + " is " + Describe(report.format) +
                                  " and can only be restored into " +
                                  (target->sqlite ? "postgresql://..." : "sqlite:PATH") +
                                  "; to move shops between backends, restore it there and then run "
                                  "`shopdesk migrate --from URL --to URL`");
  }
  const std::string refuse_suffix =
      "; restore only into an empty database, or pass --force to replace everything in it";

  if (target->sqlite) {
    auto state = sqlite::InspectSqliteTarget(target->path);
    if (!state) return state.error();
    if (state->tables > 0 && !options.force) {
      return Error::Conflict(url + " is not empty (" + std::to_string(state->tables) + " tables" +
                             (state->shops < 0 ? std::string()
                              : state->shops == 1
                                  ? std::string(", 1 shop")
                                  : ", " + std::to_string(state->shops) + " shops") +
                             ")" + refuse_suffix);
    }
    auto version = sqlite::CheckSqliteBackup(file);
    if (!version) return version.error();
    report.backup_schema_version = *version;
    std::error_code ec;
    const bool existed = fs::exists(target->path, ec);
    if (auto restored = sqlite::RestoreSqliteDatabase(file, target->path, options); !restored) {
      if (!existed) {  // leave no empty database behind where there was none
        for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
          fs::remove(target->path + suffix, ec);
        }
      }
      return restored.error();
    }
  } else {
    auto archived = postgres::ArchiveTables(file, options);
    if (!archived) return archived.error();
    auto existing = postgres::DatabaseTables(url);
    if (!existing) return existing.error();
    if (!existing->empty() && !options.force) {
      return Error::Conflict(url + " is not empty (" + std::to_string(existing->size()) +
                             " tables)" + refuse_suffix);
    }
    // --clean replaces what the archive holds; a table it does not hold would survive
    // beside the restored ones, a merge of two databases. Refuse that.
    std::string extra;
    for (const auto& t : *existing) {
      if (std::find(archived->begin(), archived->end(), t) == archived->end()) {
        extra += (extra.empty() ? "" : ", ") + t;
      }
    }
    if (!extra.empty()) {
      return Error::Conflict(url + " has tables the backup does not (" + extra +
                             "); restore into an empty database, or drop them first");
    }
    SHOPDESK_TRY(postgres::RestorePostgres(file, url, !existing->empty(), options));
  }

  // Brings the restored schema up to this shopdesk's version.
  auto db = OpenDatabase(url);
  if (!db) return db.error();
  auto version = (*db)->SchemaVersion();
  if (!version) return version.error();
  report.schema_version = *version;
  return report;
}

}  // namespace shopdesk::store
