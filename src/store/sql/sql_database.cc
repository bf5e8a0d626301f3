#include "store/sql/sql_database.h"

#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

class SqlTransaction final : public Transaction {
 public:
  explicit SqlTransaction(Connection& c) : c_(c) {}
  ~SqlTransaction() override {
    if (done_) return;
    (void)c_.Exec("ROLLBACK");
    c_.TransactionEnded(false);
  }
  Status Commit() override {
    done_ = true;
    auto s = c_.Exec("COMMIT");
    if (!s) (void)c_.Exec("ROLLBACK");
    c_.TransactionEnded(static_cast<bool>(s));
    return s;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

class SqlDatabase final : public Database {
 public:
  SqlDatabase(std::unique_ptr<Connection> c, Dialect dialect)
      : c_(std::move(c)),
        dialect_(std::move(dialect)),
        shops_(MakeShopRepo(*c_)),
        channels_(MakeChannelRepo(*c_)),
        agents_(MakeAgentRepo(*c_)),
        customers_(MakeCustomerRepo(*c_)),
        conversations_(MakeConversationRepo(*c_)),
        messages_(MakeMessageRepo(*c_)),
        blobs_(MakeBlobRepo(*c_)),
        outbox_(MakeOutboxRepo(*c_)),
        events_(MakeEventRepo(*c_)),
        accounts_(MakeAccountRepo(*c_)),
        teams_(MakeTeamRepo(*c_)),
        saved_replies_(MakeSavedReplyRepo(*c_)),
        inbox_views_(MakeInboxViewRepo(*c_)),
        audit_(MakeAuditRepo(*c_)),
        privacy_(MakePrivacyRepo(*c_)),
        sla_policies_(MakeSlaPolicyRepo(*c_)),
        calendars_(MakeBusinessCalendarRepo(*c_)),
        sla_clocks_(MakeSlaClockRepo(*c_)),
        away_(MakeAwayRepo(*c_)),
        auto_replies_(MakeAutoReplyRepo(*c_)),
        reports_(MakeReportRepo(*c_)) {}

  Result<std::unique_ptr<Transaction>> BeginWrite() override { return Begin(dialect_.begin_write); }
  Result<std::unique_ptr<Transaction>> BeginRead() override { return Begin(dialect_.begin_read); }

  ShopRepo& shops() override { return *shops_; }
  ChannelRepo& channels() override { return *channels_; }
  AgentRepo& agents() override { return *agents_; }
  CustomerRepo& customers() override { return *customers_; }
  ConversationRepo& conversations() override { return *conversations_; }
  MessageRepo& messages() override { return *messages_; }
  BlobRepo& blobs() override { return *blobs_; }
  OutboxRepo& outbox() override { return *outbox_; }
  EventRepo& events() override { return *events_; }
  AccountRepo& accounts() override { return *accounts_; }
  TeamRepo& teams() override { return *teams_; }
  SavedReplyRepo& saved_replies() override { return *saved_replies_; }
  InboxViewRepo& inbox_views() override { return *inbox_views_; }
  AuditRepo& audit() override { return *audit_; }
  PrivacyRepo& privacy() override { return *privacy_; }
  SlaPolicyRepo& sla_policies() override { return *sla_policies_; }
  BusinessCalendarRepo& calendars() override { return *calendars_; }
  SlaClockRepo& sla_clocks() override { return *sla_clocks_; }
  AwayRepo& away() override { return *away_; }
  AutoReplyRepo& auto_replies() override { return *auto_replies_; }
  ReportRepo& reports() override { return *reports_; }
  Result<bool> WaitForEventSignal(std::chrono::milliseconds timeout) override {
    return c_->WaitForEventSignal(timeout);
  }

  std::string_view backend() const override { return dialect_.name; }
  Connection& connection() { return *c_; }
  Status Ping() override {
    SHOPDESK_PREPARE(s, *c_, "SELECT 1");
    return s.Run();
  }
  Result<int> SchemaVersion() override {
    SHOPDESK_PREPARE(s, *c_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    auto row = s.Step();
    if (!row) return row.error();
    return static_cast<int>(s.Int(0));
  }

  Status Migrate() {
    {  // under the migration lock too: concurrent CREATE TABLE IF NOT EXISTS can clash
      auto tx = BeginWrite();
      if (!tx) return tx.error();
      if (!dialect_.migration_lock.empty()) SHOPDESK_TRY(c_->Exec(dialect_.migration_lock));
      SHOPDESK_TRY(
          c_->Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                   "name TEXT NOT NULL)"));
      SHOPDESK_TRY((*tx)->Commit());
    }
    for (int i = 0; i < dialect_.migration_count; ++i) {
      const Migration& m = dialect_.migrations[i];
      auto tx = BeginWrite();
      if (!tx) return tx.error();
      if (!dialect_.migration_lock.empty()) SHOPDESK_TRY(c_->Exec(dialect_.migration_lock));
      auto current = SchemaVersion();  // read under the lock: another node may have migrated
      if (!current) return current.error();
      if (m.version <= *current) continue;
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
  Result<std::unique_ptr<Transaction>> Begin(const std::string& sql) {
    SHOPDESK_TRY(c_->Exec(sql));
    return std::unique_ptr<Transaction>(new SqlTransaction(*c_));
  }

  std::unique_ptr<Connection> c_;
  Dialect dialect_;
  std::unique_ptr<ShopRepo> shops_;
  std::unique_ptr<ChannelRepo> channels_;
  std::unique_ptr<AgentRepo> agents_;
  std::unique_ptr<CustomerRepo> customers_;
  std::unique_ptr<ConversationRepo> conversations_;
  std::unique_ptr<MessageRepo> messages_;
  std::unique_ptr<BlobRepo> blobs_;
  std::unique_ptr<OutboxRepo> outbox_;
  std::unique_ptr<EventRepo> events_;
  std::unique_ptr<AccountRepo> accounts_;
  std::unique_ptr<TeamRepo> teams_;
  std::unique_ptr<SavedReplyRepo> saved_replies_;
  std::unique_ptr<InboxViewRepo> inbox_views_;
  std::unique_ptr<AuditRepo> audit_;
  std::unique_ptr<PrivacyRepo> privacy_;
  std::unique_ptr<SlaPolicyRepo> sla_policies_;
  std::unique_ptr<BusinessCalendarRepo> calendars_;
  std::unique_ptr<SlaClockRepo> sla_clocks_;
  std::unique_ptr<AwayRepo> away_;
  std::unique_ptr<AutoReplyRepo> auto_replies_;
  std::unique_ptr<ReportRepo> reports_;
};

}  // namespace

Connection& ConnectionOf(Database& db) { return dynamic_cast<SqlDatabase&>(db).connection(); }

Result<std::unique_ptr<Database>> OpenSqlDatabase(std::unique_ptr<Connection> connection,
                                                  Dialect dialect, bool migrate) {
  auto db = std::make_unique<SqlDatabase>(std::move(connection), std::move(dialect));
  if (migrate) SHOPDESK_TRY(db->Migrate());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace shopdesk::store::sql
