// What only the SQLite backend promises: files and directories it creates, WAL and
// busy handling, the statement cache, and how migrations are applied.
#include "store/sqlite/sqlite_database.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/database.h"
#include "store/postgres/pg_database.h"
#include "store/sqlite/sqlite_connection.h"

namespace shopdesk::store::sqlite {
namespace {

template <typename T>
std::string CodeOf(const Result<T>& r) {
  return r ? "ok" : std::string(ErrorCodeName(r.error().code));
}

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("shopdesk-sqlite-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    path_ = (dir_ / "nested" / "dirs" / "shop.db").string();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  std::unique_ptr<Database> Open(int busy_timeout_ms = 10000) {
    OpenOptions options;
    options.busy_timeout_ms = busy_timeout_ms;
    auto db = OpenDatabase("sqlite:" + path_, options);
    EXPECT_TRUE(db) << db.error().ToString();
    return db ? std::move(*db) : nullptr;
  }

  // One value from the file through a separate raw connection.
  std::string Query(const std::string& sql) {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path_.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::string out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(raw, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(raw);
    return out;
  }

  // A database over `migrations` (instead of the embedded ones).
  Result<std::unique_ptr<Database>> OpenWith(const sql::Migration* migrations, int count) {
    std::filesystem::create_directories(std::filesystem::path(path_).parent_path());
    auto c = SqliteConnection::Open(path_, 1000);
    if (!c) return c.error();
    sql::Dialect dialect{"sqlite", "BEGIN IMMEDIATE", "BEGIN", "", migrations, count};
    return sql::OpenSqlDatabase(std::move(*c), dialect, true);
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteDatabaseTest, OpensAFileInNewDirectoriesInWalMode) {
  auto db = Open();
  ASSERT_TRUE(db);
  EXPECT_TRUE(std::filesystem::exists(path_));
  EXPECT_EQ(db->backend(), "sqlite");
  EXPECT_EQ(Query("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Query("SELECT MAX(version) FROM schema_migrations"),
            std::to_string(kMigrations[kMigrationCount - 1].version));
}

TEST_F(SqliteDatabaseTest, FileDatabaseSurvivesCloseAndReopen) {
  ConversationId conversation_id = 0;
  {
    auto db = Open();
    const Shop shop = *db->shops().Create({0, "s", "店", "Asia/Tokyo", 1, {}});
    Channel ch;
    ch.shop_id = shop.id;
    ch.name = "support";
    const Channel channel = *db->channels().Create(ch);
    const Customer customer = *db->customers().FindOrCreateByEmail(shop.id, "a@x.jp", "客", 1);
    auto tx = db->BeginWrite();
    Conversation c;
    c.shop_id = shop.id;
    c.channel_id = channel.id;
    c.customer_id = customer.id;
    c.subject = "届きません";
    c.tags = {"配送"};
    conversation_id = db->conversations().Create(c)->id;
    Message m;
    m.shop_id = shop.id;
    m.conversation_id = conversation_id;
    m.channel_id = channel.id;
    m.external_id = "id@x";
    ASSERT_TRUE(db->messages().Insert(m));
    ASSERT_TRUE(db->blobs().Put(shop.id, "h", std::string("\0raw", 4)));
    ASSERT_TRUE((*tx)->Commit());
  }
  auto db = Open();
  const Shop shop = *db->shops().FindBySlug("s");
  auto c = db->conversations().Find(shop.id, conversation_id);
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->subject, "届きません");
  EXPECT_EQ(c->tags, std::vector<std::string>{"配送"});
  EXPECT_EQ(db->messages().ListByConversation(shop.id, conversation_id)->size(), 1u);
  EXPECT_EQ(*db->blobs().Get(shop.id, "h"), std::string("\0raw", 4));
}

TEST_F(SqliteDatabaseTest, ABusyDatabaseIsUnavailableAndSaysWhatWaited) {
  auto holder = Open();
  auto waiter = Open(/*busy_timeout_ms=*/50);
  auto tx = holder->BeginWrite();
  ASSERT_TRUE(tx);
  ASSERT_TRUE(holder->shops().Create({0, "pending", "P", "UTC", 1, {}}));

  auto second = waiter->BeginWrite();
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(second.error().message.find("BEGIN IMMEDIATE"), std::string::npos)
      << second.error().message;
  auto write = waiter->shops().Create({0, "blocked", "B", "UTC", 1, {}});  // autocommit
  ASSERT_FALSE(write);
  EXPECT_EQ(write.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(write.error().message.find("INSERT INTO shops"), std::string::npos)
      << write.error().message;
  // WAL: readers never wait for the writer, and see only what is committed.
  EXPECT_EQ(CodeOf(waiter->shops().FindBySlug("pending")), "not_found");
  ASSERT_TRUE((*tx)->Commit());
  EXPECT_TRUE(waiter->shops().FindBySlug("pending"));
  EXPECT_TRUE(waiter->BeginWrite());
}

TEST_F(SqliteDatabaseTest, MigrationsRunInOrderOnceAndEachAllOrNothing) {
  const sql::Migration first[] = {
      {1, "0001_a", "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);"},
  };
  auto db = OpenWith(first, 1);
  ASSERT_TRUE(db) << db.error().ToString();
  EXPECT_EQ(*(*db)->SchemaVersion(), 1);
  db->reset();

  // 0002 fails halfway: none of it stays, 0001 is not run again, the error names it.
  const sql::Migration broken[] = {
      first[0],
      {2, "0002_b", "CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);"},
  };
  auto failed = OpenWith(broken, 2);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(failed.error().message.find("0002_b"), std::string::npos) << failed.error().message;
  EXPECT_EQ(Query("SELECT COUNT(*) FROM sqlite_master WHERE name = 'b'"), "0");
  EXPECT_EQ(Query("SELECT MAX(version) FROM schema_migrations"), "1");

  const sql::Migration fixed[] = {
      first[0],
      {2, "0002_b", "CREATE TABLE b (x INTEGER);"},
      {3, "0003_c", "INSERT INTO a VALUES (3);"},
  };
  for (int round = 0; round < 2; ++round) {  // the second open applies nothing
    auto again = OpenWith(fixed, 3);
    ASSERT_TRUE(again) << again.error().ToString();
    EXPECT_EQ(*(*again)->SchemaVersion(), 3);
  }
  EXPECT_EQ(Query("SELECT group_concat(x) FROM a"), "1,3");
  EXPECT_EQ(Query("SELECT group_concat(name) FROM schema_migrations"), "0001_a,0002_b,0003_c");
}

TEST_F(SqliteDatabaseTest, OpeningWithoutMigrateLeavesTheSchemaAlone) {
  OpenOptions options;
  options.migrate = false;
  auto db = OpenDatabase("sqlite:" + path_, options);
  ASSERT_TRUE(db) << db.error().ToString();
  EXPECT_FALSE((*db)->SchemaVersion());  // no schema_migrations table yet
  EXPECT_EQ(Query("SELECT COUNT(*) FROM sqlite_master"), "0");
}

TEST(SqliteMigrationsTest, AreNumberedWithoutGapsAndMatchPostgres) {
  ASSERT_GT(kMigrationCount, 0);
  ASSERT_EQ(kMigrationCount, postgres::kMigrationCount);
  for (int i = 0; i < kMigrationCount; ++i) {
    EXPECT_EQ(kMigrations[i].version, i + 1);
    EXPECT_STREQ(kMigrations[i].name, postgres::kMigrations[i].name);
  }
}

TEST(SqliteConnectionTest, ReusesPreparedStatementsBySqlText) {
  auto c = SqliteConnection::Open(":memory:", 100);
  ASSERT_TRUE(c);
  const sql::Statement* first = nullptr;
  {
    auto s = (*c)->Prepare("SELECT ? + 1");
    ASSERT_TRUE(s);
    first = &**s;
    (**s).Bind(1, 41);
    ASSERT_TRUE(*(**s).Step());
    EXPECT_EQ((**s).Int(0), 42);
  }
  auto s = (*c)->Prepare("SELECT ? + 1");
  ASSERT_TRUE(s);
  EXPECT_EQ(&**s, first);
  (**s).Bind(1, 1);  // reset by the first lease: fresh bindings, first row again
  ASSERT_TRUE(*(**s).Step());
  EXPECT_EQ((**s).Int(0), 2);
  EXPECT_EQ(CodeOf((*c)->Prepare("SELEC nonsense")), "internal");
}

TEST(OpenDatabaseUrlTest, AcceptsSqliteFormsAndExplainsTheRest) {
  auto memory = OpenDatabase("sqlite::memory:");
  ASSERT_TRUE(memory) << memory.error().ToString();
  EXPECT_TRUE((*memory)->Ping());
  for (const char* url : {"sqlite:", "mysql://db/x", "data/shop.db", ""}) {
    auto r = OpenDatabase(url);
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << url;
    EXPECT_NE(r.error().message.find("sqlite:"), std::string::npos) << r.error().message;
  }
  // A PostgreSQL URL reaches the PostgreSQL backend; nothing listens on port 1.
  EXPECT_EQ(CodeOf(OpenDatabase("postgresql://nobody@127.0.0.1:1/x")), "unavailable");
}

}  // namespace
}  // namespace shopdesk::store::sqlite
