// Backup and restore on SQLite (PostgreSQL's pg_dump path is covered end to end by
// tests/integration/test_backup_restore.py on a real cluster).
#include "store/backup.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/digest.h"
#include "store/backup_files.h"
#include "store/backup_manifest.h"
#include "store/database.h"
#include "store/sql/sql_database.h"

namespace shopdesk::store {
namespace {

namespace fs = std::filesystem;

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("shopdesk-backup-test-" + RandomHex(6));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  std::string Url(const std::string& name) const { return "sqlite:" + Path(name); }

  // A shopdesk database with `n` shops named shop0, shop1, ...
  std::unique_ptr<Database> MakeDatabase(const std::string& name, int n) {
    auto db = OpenDatabase(Url(name));
    EXPECT_TRUE(db) << db.error().ToString();
    for (int i = 0; i < n; ++i) {
      EXPECT_TRUE((*db)->shops().Create(
          {0, "shop" + std::to_string(i), "店 " + std::to_string(i), "Asia/Tokyo", i, {}}));
    }
    return std::move(*db);
  }

  static std::int64_t ShopCount(const std::string& url) {
    auto db = OpenDatabase(url);
    EXPECT_TRUE(db) << db.error().ToString();
    auto shops = (*db)->shops().List();
    return shops ? static_cast<std::int64_t>(shops->size()) : -1;
  }

  fs::path dir_;
};

TEST_F(BackupTest, RoundTripWithManifest) {
  MakeDatabase("live.db", 3);
  auto made = BackupDatabase(Url("live.db"), Path("b/backup.db"));
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_EQ(made->format, BackupFormat::kSqlite);
  EXPECT_GT(made->schema_version, 0);
  auto facts = InspectFile(Path("b/backup.db"));
  ASSERT_TRUE(facts);
  EXPECT_EQ(facts->bytes, made->bytes);
  EXPECT_EQ(facts->sha256, made->sha256);
  auto manifest = ParseManifest(*ReadSmallFile(Path("b/backup.db.manifest")), "m");
  ASSERT_TRUE(manifest) << manifest.error().ToString();
  EXPECT_EQ(manifest->file, "backup.db");
  EXPECT_EQ(manifest->sha256, made->sha256);
  EXPECT_EQ(manifest->schema_version, made->schema_version);
  // One self-contained file: no temporary or WAL files left beside it.
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir_ / "b")) {
    ++files;
    EXPECT_TRUE(entry.path().filename() == "backup.db" ||
                entry.path().filename() == "backup.db.manifest")
        << entry.path();
  }
  EXPECT_EQ(files, 2);

  auto restored = RestoreDatabase(Path("b/backup.db"), Url("new/restored.db"));
  ASSERT_TRUE(restored) << restored.error().ToString();
  EXPECT_TRUE(restored->had_manifest);
  EXPECT_EQ(restored->schema_version, made->schema_version);
  EXPECT_EQ(ShopCount(Url("new/restored.db")), 3);
}

TEST_F(BackupTest, SnapshotIsConsistentWhileAnotherConnectionWrites) {
  auto live = MakeDatabase("live.db", 0);
  // Enough pages that a one-page step takes many steps.
  const std::string filler(3000, 'x');
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(live->shops().Create({0, "pad" + std::to_string(i), filler, "Asia/Tokyo", 0, {}}));
  }
  std::atomic<bool> stop{false};
  std::atomic<int> pairs{0};
  std::thread writer([&] {
    auto db = OpenDatabase(Url("live.db"), {.migrate = false});
    ASSERT_TRUE(db);
    // Shops are added two per transaction: a consistent copy holds an even number.
    for (int i = 0; !stop.load() && i < 100000; ++i) {
      auto tx = (*db)->BeginWrite();
      ASSERT_TRUE(tx);
      ASSERT_TRUE((*db)->shops().Create({0, "a" + std::to_string(i), filler, "Asia/Tokyo", 1, {}}));
      ASSERT_TRUE((*db)->shops().Create({0, "b" + std::to_string(i), filler, "Asia/Tokyo", 1, {}}));
      ASSERT_TRUE((*tx)->Commit());
      ++pairs;
    }
  });
  while (pairs.load() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  BackupOptions options;
  options.pages_per_step = 1;
  int progress_lines = 0;
  options.progress = [&](const std::string& line) {
    ++progress_lines;
    EXPECT_NE(line.find("pages)"), std::string::npos) << line;
  };
  const int before = pairs.load();
  auto made = BackupDatabase(Url("live.db"), Path("backup.db"), options);
  const int after = pairs.load();
  stop = true;
  writer.join();
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_GT(after, before) << "the writer was blocked during the backup";
  EXPECT_GE(progress_lines, 1);

  ASSERT_TRUE(RestoreDatabase(Path("backup.db"), Url("restored.db")));
  const std::int64_t shops = ShopCount(Url("restored.db"));
  EXPECT_EQ((shops - 300) % 2, 0) << "half a transaction in the backup";
  EXPECT_GE(shops - 300, 2 * before);
}

TEST_F(BackupTest, RefusesANonEmptyTargetUnlessForced) {
  MakeDatabase("live.db", 2);
  ASSERT_TRUE(BackupDatabase(Url("live.db"), Path("backup.db")));
  MakeDatabase("busy.db", 5);
  auto refused = RestoreDatabase(Path("backup.db"), Url("busy.db"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_NE(refused.error().message.find("not empty"), std::string::npos);
  EXPECT_NE(refused.error().message.find("5 shops"), std::string::npos);
  EXPECT_NE(refused.error().message.find("--force"), std::string::npos);
  EXPECT_EQ(ShopCount(Url("busy.db")), 5);

  RestoreOptions force;
  force.force = true;
  auto replaced = RestoreDatabase(Path("backup.db"), Url("busy.db"), force);
  ASSERT_TRUE(replaced) << replaced.error().ToString();
  EXPECT_EQ(ShopCount(Url("busy.db")), 2);  // replaced, not merged
}

TEST_F(BackupTest, TruncatedBackupIsRefusedAndTheTargetUntouched) {
  MakeDatabase("live.db", 50);
  ASSERT_TRUE(BackupDatabase(Url("live.db"), Path("backup.db")));
  const auto size = fs::file_size(Path("backup.db"));
  fs::resize_file(Path("backup.db"), size / 2);

  auto with_manifest = RestoreDatabase(Path("backup.db"), Url("target.db"));
  ASSERT_FALSE(with_manifest);
  EXPECT_EQ(with_manifest.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(with_manifest.error().message.find("truncated"), std::string::npos)
      << with_manifest.error().message;
  EXPECT_FALSE(fs::exists(Path("target.db")));

  // Without its manifest the file is still checked by SQLite itself.
  fs::remove(Path("backup.db.manifest"));
  auto without = RestoreDatabase(Path("backup.db"), Url("target.db"));
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().code, ErrorCode::kCorrupt) << without.error().message;
  EXPECT_NE(without.error().message.find("damaged or truncated"), std::string::npos)
      << without.error().message;
  EXPECT_FALSE(fs::exists(Path("target.db")));
}

TEST_F(BackupTest, AlteredOrForeignFilesAreRefused) {
  MakeDatabase("live.db", 1);
  ASSERT_TRUE(BackupDatabase(Url("live.db"), Path("backup.db")));
  {
    std::fstream f(Path("backup.db"), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x7f');
  }
  auto altered = RestoreDatabase(Path("backup.db"), Url("t.db"));
  ASSERT_FALSE(altered);
  EXPECT_NE(altered.error().message.find("SHA-256"), std::string::npos);

  std::ofstream(Path("notes.txt")) << "not a backup";
  auto foreign = RestoreDatabase(Path("notes.txt"), Url("t.db"));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(foreign.error().message.find("not a shopdesk backup"), std::string::npos);

  auto missing = RestoreDatabase(Path("nothing.db"), Url("t.db"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(Path("t.db")));
}

TEST_F(BackupTest, ASqliteBackupGoesOnlyIntoSqlite) {
  MakeDatabase("live.db", 1);
  ASSERT_TRUE(BackupDatabase(Url("live.db"), Path("backup.db")));
  auto wrong = RestoreDatabase(Path("backup.db"), "postgresql://nobody@127.0.0.1:1/none");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(wrong.error().message.find("shopdesk migrate"), std::string::npos);
}

TEST_F(BackupTest, ExistingBackupIsKeptUnlessOverwriteIsAsked) {
  MakeDatabase("live.db", 1);
  ASSERT_TRUE(BackupDatabase(Url("live.db"), Path("backup.db")));
  const std::string first = *ReadSmallFile(Path("backup.db.manifest"));
  auto again = BackupDatabase(Url("live.db"), Path("backup.db"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  BackupOptions overwrite;
  overwrite.overwrite = true;
  ASSERT_TRUE(BackupDatabase(Url("live.db"), Path("backup.db"), overwrite));

  auto missing = BackupDatabase(Url("nowhere.db"), Path("x.db"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(Path("nowhere.db")));  // not created by the attempt
  EXPECT_FALSE(fs::exists(Path("x.db")));
}

TEST_F(BackupTest, AnOlderBackupIsMigratedOnRestore) {
  auto live = MakeDatabase("live.db", 1);
  auto latest = live->SchemaVersion();
  ASSERT_TRUE(latest);
  // Pretend the newest migrations (0017, 0018) were never applied, with a channel in
  // the mail columns 0017 replaces: the restore must carry them into its settings.
  // A new migration makes this fail on purpose: undo that one here too.
  ASSERT_EQ(*latest, 18);
  auto& c = sql::ConnectionOf(*live);
  ASSERT_TRUE(
      c.Exec("DROP TABLE customer_identities; DELETE FROM schema_migrations WHERE version = 18; "
             "DROP INDEX channels_poll_due; "
             "ALTER TABLE channels DROP COLUMN settings; ALTER TABLE channels DROP COLUMN secrets; "
             "ALTER TABLE channels DROP COLUMN polled; "
             "ALTER TABLE channels ADD COLUMN imap_url TEXT NOT NULL DEFAULT ''; "
             "ALTER TABLE channels ADD COLUMN imap_user TEXT NOT NULL DEFAULT ''; "
             "ALTER TABLE channels ADD COLUMN imap_password TEXT NOT NULL DEFAULT ''; "
             "ALTER TABLE channels ADD COLUMN smtp_url TEXT NOT NULL DEFAULT ''; "
             "ALTER TABLE channels ADD COLUMN smtp_user TEXT NOT NULL DEFAULT ''; "
             "ALTER TABLE channels ADD COLUMN smtp_password TEXT NOT NULL DEFAULT ''; "
             "ALTER TABLE channels ADD COLUMN smtp_starttls INTEGER NOT NULL DEFAULT 0; "
             "CREATE INDEX channels_poll_due ON channels (poll_due_at) WHERE imap_url <> ''; "
             "INSERT INTO channels (shop_id, kind, name, address, imap_url, imap_password, "
             "  smtp_url, smtp_starttls, created_at) SELECT id, 'email', 'support', "
             "  'support@sakura.example', 'imaps://imap.sakura.example/INBOX', 'パス', "
             "  'smtp://smtp.sakura.example:587', 1, 5 FROM shops; "
             "DELETE FROM schema_migrations WHERE version = 17"));
  live.reset();
  auto made = BackupDatabase(Url("live.db"), Path("old.db"));
  ASSERT_TRUE(made);
  EXPECT_EQ(made->schema_version, *latest - 2);
  auto restored = RestoreDatabase(Path("old.db"), Url("new.db"));
  ASSERT_TRUE(restored) << restored.error().ToString();
  EXPECT_EQ(restored->backup_schema_version, *latest - 2);
  EXPECT_EQ(restored->schema_version, *latest);
  auto db = OpenDatabase(Url("new.db"));
  ASSERT_TRUE(db) << db.error().ToString();
  auto shops = (*db)->shops().List();
  ASSERT_TRUE(shops && shops->size() == 1u);
  auto channel = (*db)->channels().FindByName(shops->front().id, "support");
  ASSERT_TRUE(channel) << channel.error().ToString();
  EXPECT_EQ(channel->settings.values,
            (std::map<std::string, std::string>{{"imap_url", "imaps://imap.sakura.example/INBOX"},
                                                {"smtp_starttls", "true"},
                                                {"smtp_url", "smtp://smtp.sakura.example:587"}}));
  EXPECT_EQ(channel->settings.secrets,
            (std::map<std::string, std::string>{{"imap_password", "パス"}}));
  EXPECT_TRUE(channel->polled);
}

TEST(BackupManifestTest, FormatParseAndSniff) {
  BackupManifest m;
  m.format = BackupFormat::kPgDump;
  m.file = "nightly.dump";
  m.bytes = 1234;
  m.sha256 = std::string(64, 'a');
  m.schema_version = 5;
  m.created_at = 1700000000000;
  auto parsed = ParseManifest(FormatManifest(m) + "future_key: ignored\n", "m");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->format, BackupFormat::kPgDump);
  EXPECT_EQ(parsed->file, "nightly.dump");
  EXPECT_EQ(parsed->bytes, 1234);
  EXPECT_EQ(parsed->sha256, m.sha256);
  EXPECT_EQ(parsed->schema_version, 5);
  EXPECT_EQ(parsed->created_at, m.created_at);
  for (const char* bad : {"", "shopdesk-backup: 1\nformat: zip\nbytes: 1\nsha256: ",
                          "shopdesk-backup: 99\nformat: sqlite\n", "garbage line\n",
                          "shopdesk-backup: 1\nformat: sqlite\nbytes: -4\n"}) {
    auto r = ParseManifest(bad, "m");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  }
  EXPECT_EQ(SniffBackupFormat(std::string("SQLite format 3\0xx", 18)), BackupFormat::kSqlite);
  EXPECT_EQ(SniffBackupFormat("PGDMP\x01\x0e"), BackupFormat::kPgDump);
  EXPECT_EQ(SniffBackupFormat("SQLite format 3"), std::nullopt);  // cut before the NUL
  EXPECT_EQ(SniffBackupFormat(""), std::nullopt);
}

}  // namespace
}  // namespace shopdesk::store
