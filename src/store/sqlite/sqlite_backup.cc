#include "store/sqlite/sqlite_backup.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_connection.h"

namespace shopdesk::store::sqlite {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kBusyTimeoutMs = 10000;
constexpr auto kBusyRetry = std::chrono::milliseconds(50);

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DbHandle = std::unique_ptr<sqlite3, CloseDb>;

Result<DbHandle> OpenHandle(const std::string& name, int flags, const std::string& shown) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  DbHandle db(raw);
  if (rc != SQLITE_OK) return SqliteError(db.get(), rc, "opening " + shown);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  sqlite3_extended_result_codes(db.get(), 1);
  return db;
}

// A read-only handle on a backup file that nobody writes: as an immutable URI, SQLite
// takes no locks and creates no journal, WAL or shm file beside it.
Result<DbHandle> OpenImmutable(const std::string& path) {
  std::string uri = "file:";
  for (char c : fs::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#') {
      static constexpr char kHex[] = "0123456789ABCDEF";
      uri += '%';
      uri += kHex[static_cast<unsigned char>(c) >> 4];
      uri += kHex[static_cast<unsigned char>(c) & 0xF];
    } else {
      uri += c;
    }
  }
  uri += "?immutable=1";
  return OpenHandle(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, path);
}

// Every row of a query's first column, as text.
Result<std::vector<std::string>> Column(sqlite3* db, const std::string& sql) {
  std::vector<std::string> rows;
  char* message = nullptr;
  const int rc = sqlite3_exec(
      db, sql.c_str(),
      [](void* out, int, char** values, char**) {
        static_cast<std::vector<std::string>*>(out)->emplace_back(values[0] ? values[0] : "");
        return 0;
      },
      &rows, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return SqliteError(db, rc, "running " + sql);
  return rows;
}

Result<std::int64_t> Count(sqlite3* db, const std::string& sql) {
  auto rows = Column(db, sql);
  if (!rows) return rows.error();
  return rows->empty() ? 0 : std::stoll(rows->front());
}

// The highest applied migration; InvalidArgument when there is no shopdesk schema.
Result<int> SchemaVersionOf(sqlite3* db, const std::string& what) {
  auto has = Count(db, "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations'");
  if (!has) return has.error();
  if (*has == 0) {
    return Error::InvalidArgument(what +
                                  " is not a shopdesk database (it has no schema_migrations "
                                  "table)");
  }
  auto version = Count(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!version) return version.error();
  return static_cast<int>(*version);
}

// "ok", or the first problems PRAGMA integrity_check / quick_check reports.
Result<std::string> CheckPages(sqlite3* db, const char* pragma) {
  auto rows = Column(db, std::string("PRAGMA ") + pragma);
  if (!rows) return rows.error();
  if (rows->size() == 1 && rows->front() == "ok") return std::string("ok");
  std::string problems;
  for (std::size_t i = 0; i < rows->size() && i < 3; ++i) {
    problems += (i ? "; " : "") + (*rows)[i];
  }
  return problems.empty() ? std::string("no result") : problems;
}

// Prints "<verb>: 40% (1200 of 3000 pages)" at most once a second, and only for
// databases that take more than one step.
class ProgressMeter {
 public:
  ProgressMeter(std::string verb, const BackupToolOptions& options)
      : verb_(std::move(verb)), options_(options) {}

  void Report(int total, int remaining, bool done) {
    if (total <= options_.pages_per_step) return;
    const auto now = Clock::now();
    if (!done && now - last_ < std::chrono::seconds(1)) return;
    last_ = now;
    const int copied = total - remaining;
    options_.progress(verb_ + ": " + std::to_string(total ? copied * 100LL / total : 100) + "% (" +
                      std::to_string(copied) + " of " + std::to_string(total) + " pages)");
  }

 private:
  std::string verb_;
  const BackupToolOptions& options_;
  Clock::time_point last_{};
};

// Copies every page of `src` into `dest` in steps; the destination's transaction
// commits only at the last step, so a failure leaves `dest` as it was.
Status CopyPages(sqlite3* dest, sqlite3* src, const std::string& verb,
                 const BackupToolOptions& options) {
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", src, "main");
  if (!backup) return SqliteError(dest, sqlite3_errcode(dest), verb + ": starting the copy");
  ProgressMeter meter(verb, options);
  const int step = options.pages_per_step > 0 ? options.pages_per_step : -1;
  const auto give_up = Clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  int rc;
  for (;;) {
    rc = sqlite3_backup_step(backup, step);
    if (rc == SQLITE_OK || rc == SQLITE_DONE) {
      meter.Report(sqlite3_backup_pagecount(backup), sqlite3_backup_remaining(backup),
                   rc == SQLITE_DONE);
      if (rc == SQLITE_DONE) break;
      continue;
    }
    // Busy or locked: another connection holds a lock for a moment; try again.
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && Clock::now() < give_up) {
      std::this_thread::sleep_for(kBusyRetry);
      continue;
    }
    break;
  }
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    if ((rc & 0xff) == SQLITE_READONLY) {
      return Error::Unavailable(verb +
                                ": the target is in WAL mode with another page size, or read-only; "
                                "restore into a new file instead");
    }
    return SqliteError(dest, rc, verb + ": copying pages");
  }
  if (finished != SQLITE_OK) return SqliteError(dest, finished, verb + ": finishing the copy");
  return Ok();
}

}  // namespace

Result<int> CopySqliteDatabase(const std::string& source_path, const std::string& dest_path,
                               const BackupToolOptions& options) {
  std::error_code ec;
  if (!fs::is_regular_file(source_path, ec)) {
    return Error::NotFound("SQLite database", source_path);
  }
  // Read-write only because a WAL database's readers also use its -shm file.
  auto src = OpenHandle(source_path, SQLITE_OPEN_READWRITE, source_path);
  if (!src) return src.error();
  // One read transaction over the whole copy: every step reads the same snapshot,
  // while writers append to the WAL. (sqlite3_backup_step uses an open read
  // transaction of the source as is, instead of one per step.)
  auto begun = Column(src->get(), "BEGIN");
  if (!begun) return begun.error();
  auto version = SchemaVersionOf(src->get(), "sqlite:" + source_path);
  if (!version) return version.error();

  auto dest = OpenHandle(dest_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, dest_path);
  if (!dest) return dest.error();
  SHOPDESK_TRY(CopyPages(dest->get(), src->get(), "backup", options));
  if (auto ended = Column(src->get(), "COMMIT"); !ended) return ended.error();
  src->reset();

  // The copy carries the source's WAL flag; a backup is one self-contained file.
  auto mode = Column(dest->get(), "PRAGMA journal_mode=DELETE");
  if (!mode) return mode.error();
  if (mode->empty() || mode->front() != "delete") {
    return Error::Unavailable("cannot switch the backup copy " + dest_path +
                              " to rollback-journal mode");
  }
  auto check = CheckPages(dest->get(), "quick_check");
  if (!check) return check.error();
  if (*check != "ok") {
    return Error::Corrupt(
        "the backup copy fails SQLite's quick_check (" + *check +
        "); the source database may be damaged: run PRAGMA integrity_check on it");
  }
  if (const int rc = sqlite3_close(dest->release()); rc != SQLITE_OK) {
    return SqliteError(nullptr, rc, "closing the backup copy " + dest_path);
  }
  return *version;
}

Result<int> CheckSqliteBackup(const std::string& path) {
  const auto damaged = [&](const std::string& detail) {
    return Error::Corrupt("the backup " + path + " is damaged or truncated (" + detail +
                          "); restore from another backup");
  };
  auto db = OpenImmutable(path);
  if (!db) return damaged(db.error().message);
  auto check = CheckPages(db->get(), "integrity_check");
  if (!check) return damaged(check.error().message);
  if (*check != "ok") return damaged("integrity_check: " + *check);
  auto version = SchemaVersionOf(db->get(), path);
  if (!version && version.error().code == ErrorCode::kInvalidArgument) {
    return Error::InvalidArgument(path +
                                  " is a SQLite database but not a shopdesk backup (it has "
                                  "no schema_migrations table)");
  }
  return version;
}

Result<SqliteTargetState> InspectSqliteTarget(const std::string& path) {
  SqliteTargetState state;
  std::error_code ec;
  if (!fs::exists(path, ec) || fs::file_size(path, ec) == 0) return state;
  auto db = OpenHandle(path, SQLITE_OPEN_READWRITE, path);
  if (!db) return db.error();
  auto tables = Count(db->get(), "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
  if (!tables) return tables.error();
  state.tables = static_cast<int>(*tables);
  auto has_shops = Count(db->get(), "SELECT count(*) FROM sqlite_master WHERE name = 'shops'");
  if (has_shops && *has_shops > 0) {
    if (auto shops = Count(db->get(), "SELECT count(*) FROM shops")) state.shops = *shops;
  }
  return state;
}

Status RestoreSqliteDatabase(const std::string& backup_path, const std::string& target_path,
                             const BackupToolOptions& options) {
  const auto parent = fs::path(target_path).parent_path();
  std::error_code ec;
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) {
    return Error::Unavailable("cannot create the directory " + parent.string() + ": " +
                              ec.message());
  }
  auto src = OpenImmutable(backup_path);
  if (!src) return src.error();
  auto dest = OpenHandle(target_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, target_path);
  if (!dest) return dest.error();
  SHOPDESK_TRY(CopyPages(dest->get(), src->get(), "restore", options));
  auto check = CheckPages(dest->get(), "integrity_check");
  if (!check) return check.error();
  if (*check != "ok") {
    return Error::Corrupt("the restored database " + target_path +
                          " fails PRAGMA integrity_check (" + *check + ")");
  }
  if (const int rc = sqlite3_close(dest->release()); rc != SQLITE_OK) {
    return SqliteError(nullptr, rc, "closing " + target_path);
  }
  return Ok();
}

}  // namespace shopdesk::store::sqlite
