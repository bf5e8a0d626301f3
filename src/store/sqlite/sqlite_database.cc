#include "store/sqlite/sqlite_database.h"

#include <filesystem>

#include "store/sql/sql_repos.h"

namespace shopdesk::store::sqlite {
namespace {

class SqliteTransaction final : public Transaction {
 public:
  explicit SqliteTransaction(SqliteConnection& c) : c_(c) {}
  ~SqliteTransaction() override {
    if (!done_) (void)c_.Exec("ROLLBACK");
  }
  Status Commit() override {
    done_ = true;
    auto s = c_.Exec("COMMIT");
    if (!s) (void)c_.Exec("ROLLBACK");
    return s;
  }

 private:
  SqliteConnection& c_;
  bool done_ = false;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::unique_ptr<SqliteConnection> c)
      : c_(std::move(c)),
        shops_(sql::MakeShopRepo(*c_)),
        channels_(sql::MakeChannelRepo(*c_)),
        agents_(sql::MakeAgentRepo(*c_)),
        customers_(sql::MakeCustomerRepo(*c_)),
        conversations_(sql::MakeConversationRepo(*c_)),
        messages_(sql::MakeMessageRepo(*c_)),
        blobs_(sql::MakeBlobRepo(*c_)),
        outbox_(sql::MakeOutboxRepo(*c_)) {}

  Result<std::unique_ptr<Transaction>> BeginWrite() override { return Begin("BEGIN IMMEDIATE"); }
  Result<std::unique_ptr<Transaction>> BeginRead() override { return Begin("BEGIN"); }

  ShopRepo& shops() override { return *shops_; }
  ChannelRepo& channels() override { return *channels_; }
  AgentRepo& agents() override { return *agents_; }
  CustomerRepo& customers() override { return *customers_; }
  ConversationRepo& conversations() override { return *conversations_; }
  MessageRepo& messages() override { return *messages_; }
  BlobRepo& blobs() override { return *blobs_; }
  OutboxRepo& outbox() override { return *outbox_; }

  std::string_view backend() const override { return "sqlite"; }
  Status Ping() override {
    auto s = c_->Prepare("SELECT 1");
    if (!s) return s.error();
    return (**s).Run();
  }
  Result<int> SchemaVersion() override {
    SHOPDESK_PREPARE(s, *c_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    auto row = s.Step();
    if (!row) return row.error();
    return static_cast<int>(s.Int(0));
  }

  Status Migrate() {
    SHOPDESK_TRY(c_->Exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT "
        "NOT NULL, applied_at INTEGER NOT NULL DEFAULT (CAST(strftime('%s','now') AS INTEGER)))"));
    auto current = SchemaVersion();
    if (!current) return current.error();
    for (int i = 0; i < kMigrationCount; ++i) {
      const Migration& m = kMigrations[i];
      if (m.version <= *current) continue;
      auto tx = BeginWrite();
      if (!tx) return tx.error();
      if (auto s = c_->Exec(m.sql); !s) {
        return Error::Unavailable("migration " + std::string(m.name) +
                                  " failed: " + s.error().message);
      }
      SHOPDESK_PREPARE(record, *c_, "INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
      SHOPDESK_TRY(record.Bind(1, m.version).Bind(2, m.name).Run());
      SHOPDESK_TRY((*tx)->Commit());
    }
    return Ok();
  }

 private:
  Result<std::unique_ptr<Transaction>> Begin(const char* sql) {
    SHOPDESK_TRY(c_->Exec(sql));
    return std::unique_ptr<Transaction>(new SqliteTransaction(*c_));
  }

  std::unique_ptr<SqliteConnection> c_;
  std::unique_ptr<ShopRepo> shops_;
  std::unique_ptr<ChannelRepo> channels_;
  std::unique_ptr<AgentRepo> agents_;
  std::unique_ptr<CustomerRepo> customers_;
  std::unique_ptr<ConversationRepo> conversations_;
  std::unique_ptr<MessageRepo> messages_;
  std::unique_ptr<BlobRepo> blobs_;
  std::unique_ptr<OutboxRepo> outbox_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                     const OpenOptions& options) {
  if (path != ":memory:") {
    std::error_code ec;
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Error::Unavailable("cannot create the directory " + parent.string() + ": " +
                                ec.message());
    }
  }
  auto c = SqliteConnection::Open(path, options.busy_timeout_ms);
  if (!c) return c.error();
  // WAL lets readers work while one writer commits; FULL makes each commit durable
  // before it is acknowledged.
  SHOPDESK_TRY(
      (*c)->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                 "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; "
                 "PRAGMA cache_size=-16000;"));
  auto db = std::make_unique<SqliteDatabase>(std::move(*c));
  if (options.migrate) SHOPDESK_TRY(db->Migrate());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace shopdesk::store::sqlite
