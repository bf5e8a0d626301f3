// `shopdesk backup` and `shopdesk restore`: thin wrappers over store/backup.h.
#include <cstdio>

#include "cli/cli_support.h"
#include "store/backup.h"

namespace shopdesk::cli {
namespace {

struct BackupArgs {
  std::string db, to, pg_bindir;
  bool force = false;
};

struct RestoreArgs {
  std::string db, from, pg_bindir;
  bool force = false;
};

void PrintProgress(const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); }

int RunBackup(const BackupArgs& a) {
  store::BackupOptions options;
  options.overwrite = a.force;
  options.pg_bindir = a.pg_bindir;
  options.progress = PrintProgress;
  auto made = store::BackupDatabase(a.db, a.to, options);
  if (!made) return Fail(made.error());
  std::printf("backup of %s written to %s\n", a.db.c_str(), made->file.c_str());
  std::printf("  format %s, schema version %d, %lld bytes, sha256 %s\n",
              std::string(store::BackupFormatName(made->format)).c_str(), made->schema_version,
              static_cast<long long>(made->bytes), made->sha256.c_str());
  std::printf("  manifest %s.manifest (keep it with the backup)\n", made->file.c_str());
  return kExitOk;
}

int RunRestore(const RestoreArgs& a) {
  store::RestoreOptions options;
  options.force = a.force;
  options.pg_bindir = a.pg_bindir;
  options.progress = PrintProgress;
  auto restored = store::RestoreDatabase(a.from, a.db, options);
  if (!restored) return Fail(restored.error());
  std::printf("restored %s (%s%s) into %s\n", a.from.c_str(),
              std::string(store::BackupFormatName(restored->format)).c_str(),
              restored->had_manifest ? ", checked against its manifest" : ", no manifest",
              a.db.c_str());
  if (restored->backup_schema_version > 0 &&
      restored->backup_schema_version != restored->schema_version) {
    std::printf("  schema migrated from version %d to %d\n", restored->backup_schema_version,
                restored->schema_version);
  } else {
    std::printf("  schema version %d\n", restored->schema_version);
  }
  return kExitOk;
}

}  // namespace

void RegisterBackupCommands(CLI::App& root, int& exit_code) {
  auto backup_args = std::make_shared<BackupArgs>();
  auto* backup = root.add_subcommand(
      "backup",
      "copy the whole database into one file while shopdesk keeps running (SQLite: online "
      "backup; PostgreSQL: pg_dump -Fc), plus FILE.manifest describing it");
  AddDbOption(*backup, backup_args->db);
  backup->add_option("--to", backup_args->to, "the backup file to write")->required();
  backup->add_flag("--force", backup_args->force, "replace FILE if it exists");
  backup->add_option("--pg-bindir", backup_args->pg_bindir,
                     "directory of pg_dump (default: PATH, then /usr/lib/postgresql/*/bin)");
  backup->final_callback([backup_args, &exit_code] { exit_code = RunBackup(*backup_args); });

  auto restore_args = std::make_shared<RestoreArgs>();
  auto* restore = root.add_subcommand(
      "restore",
      "restore a backup made by `shopdesk backup` into an empty database, then apply newer "
      "migrations; stop every shopdesk using that database first");
  AddDbOption(*restore, restore_args->db);
  restore->add_option("--from", restore_args->from, "the backup file to restore")->required();
  restore->add_flag("--force", restore_args->force,
                    "replace everything in a database that is not empty (never merged)");
  restore->add_option("--pg-bindir", restore_args->pg_bindir,
                      "directory of pg_restore (default: PATH, then /usr/lib/postgresql/*/bin)");
  restore->final_callback([restore_args, &exit_code] { exit_code = RunRestore(*restore_args); });
}

}  // namespace shopdesk::cli
