// Accounts, sessions and the login throttle, for every SQL backend.
#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kAccountColumns =
    "id, email, name, password_hash, failed_logins, locked_until, password_changed_at, created_at";

Account ReadAccount(const Statement& s) {
  Account a;
  a.id = s.Int(0);
  a.email = s.Text(1);
  a.name = s.Text(2);
  a.password_hash = s.Text(3);
  a.failed_logins = static_cast<int>(s.Int(4));
  a.locked_until = s.Int(5);
  a.password_changed_at = s.Int(6);
  a.created_at = s.Int(7);
  return a;
}

constexpr const char* kSessionColumns =
    "id, account_id, csrf_token, created_at, last_seen_at, expires_at, remote_address";

Session ReadSession(const Statement& s) {
  Session x;
  x.id = s.Int(0);
  x.account_id = s.Int(1);
  x.csrf_token = s.Text(2);
  x.created_at = s.Int(3);
  x.last_seen_at = s.Int(4);
  x.expires_at = s.Int(5);
  x.remote_address = s.Text(6);
  return x;
}

template <typename T, typename Read, typename Key>
Result<T> One(Statement& s, Read read, std::string_view what, const Key& key) {
  auto row = s.Step();
  if (!row) return row.error();
  if (!*row) return Error::NotFound(what, key);
  return read(s);
}

class SqlAccountRepo final : public AccountRepo {
 public:
  explicit SqlAccountRepo(Connection& c) : c_(c) {}

  Result<Account> Create(const Account& account) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO accounts (email, name, password_hash, password_changed_at, "
                     "created_at) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id");
    SHOPDESK_TRY(s.Bind(1, account.email)
                     .Bind(2, account.name)
                     .Bind(3, account.password_hash)
                     .Bind(4, account.password_changed_at)
                     .Bind(5, account.created_at)
                     .Run());
    Account created = account;
    created.id = s.ReturnedId();
    return created;
  }

  Result<Account> Find(AccountId id) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE id = ?1");
    s.Bind(1, id);
    return One<Account>(s, ReadAccount, "account", id);
  }

  Result<Account> FindByEmail(const std::string& email) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE email = ?1");
    s.Bind(1, email);
    return One<Account>(s, ReadAccount, "account", email);
  }

  Status SetPassword(AccountId id, const std::string& hash, Timestamp changed_at) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE accounts SET password_hash = ?2, password_changed_at = ?3, "
                     "failed_logins = 0, locked_until = 0 WHERE id = ?1");
    SHOPDESK_TRY(s.Bind(1, id).Bind(2, hash).Bind(3, changed_at).Run());
    if (c_.Changes() == 0) return Error::NotFound("account", id);
    return Ok();
  }

  Status SetLoginState(AccountId id, int failed_logins, Timestamp locked_until) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE accounts SET failed_logins = ?2, locked_until = ?3 WHERE id = ?1");
    return s.Bind(1, id).Bind(2, failed_logins).Bind(3, locked_until).Run();
  }

  Result<std::vector<Agent>> Memberships(const std::string& email) override {
    SHOPDESK_PREPARE(
        s, c_,
        std::string("SELECT ") + kAgentColumns +
            " FROM agents a WHERE a.email = ?1 AND a.disabled_at = 0 ORDER BY a.shop_id");
    s.Bind(1, email);
    return CollectRows(s, ReadAgent);
  }

  Result<Session> CreateSession(const std::string& token_sha256, const Session& session) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO sessions (token_sha256, account_id, csrf_token, created_at, "
                     "last_seen_at, expires_at, remote_address) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
                     "?7) RETURNING id");
    SHOPDESK_TRY(s.Bind(1, token_sha256)
                     .Bind(2, session.account_id)
                     .Bind(3, session.csrf_token)
                     .Bind(4, session.created_at)
                     .Bind(5, session.last_seen_at)
                     .Bind(6, session.expires_at)
                     .Bind(7, session.remote_address)
                     .Run());
    Session created = session;
    created.id = s.ReturnedId();
    return created;
  }

  Result<Session> FindSession(const std::string& token_sha256) override {
    SHOPDESK_PREPARE(
        s, c_, std::string("SELECT ") + kSessionColumns + " FROM sessions WHERE token_sha256 = ?1");
    s.Bind(1, token_sha256);
    return One<Session>(s, ReadSession, "session", "(token)");
  }

  Status TouchSession(SessionId id, Timestamp last_seen_at, Timestamp expires_at) override {
    SHOPDESK_PREPARE(s, c_, "UPDATE sessions SET last_seen_at = ?2, expires_at = ?3 WHERE id = ?1");
    return s.Bind(1, id).Bind(2, last_seen_at).Bind(3, expires_at).Run();
  }

  Status DeleteSession(SessionId id) override {
    SHOPDESK_PREPARE(s, c_, "DELETE FROM sessions WHERE id = ?1");
    return s.Bind(1, id).Run();
  }

  Result<std::int64_t> DeleteSessionsOf(AccountId account, SessionId keep) override {
    SHOPDESK_PREPARE(s, c_, "DELETE FROM sessions WHERE account_id = ?1 AND id <> ?2");
    SHOPDESK_TRY(s.Bind(1, account).Bind(2, keep).Run());
    return c_.Changes();
  }

  Result<int> LoginFailures(const std::string& remote_address, Timestamp now,
                            Timestamp window_ms) override {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT failures FROM login_throttle WHERE remote_address = ?1 AND "
                     "window_start > ?2");
    s.Bind(1, remote_address).Bind(2, now - window_ms);
    auto row = s.Step();
    if (!row) return row.error();
    return *row ? static_cast<int>(s.Int(0)) : 0;
  }

  Result<int> RecordLoginFailure(const std::string& remote_address, Timestamp now,
                                 Timestamp window_ms) override {
    // One statement, so concurrent failures on several nodes all count.
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO login_throttle (remote_address, window_start, failures) "
                     "VALUES (?1, ?2, 1) ON CONFLICT (remote_address) DO UPDATE SET "
                     "failures = CASE WHEN login_throttle.window_start > ?3 "
                     "THEN login_throttle.failures + 1 ELSE 1 END, "
                     "window_start = CASE WHEN login_throttle.window_start > ?3 "
                     "THEN login_throttle.window_start ELSE ?2 END "
                     "RETURNING failures");
    s.Bind(1, remote_address).Bind(2, now).Bind(3, now - window_ms);
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return Error::Internal("the throttle upsert returned no row");
    const int failures = static_cast<int>(s.Int(0));
    while (true) {  // finish the statement so the connection is free
      auto more = s.Step();
      if (!more || !*more) break;
    }
    return failures;
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<AccountRepo> MakeAccountRepo(Connection& c) {
  return std::make_unique<SqlAccountRepo>(c);
}

}  // namespace shopdesk::store::sql
