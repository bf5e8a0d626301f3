#pragma once

#include <libpq-fe.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "store/sql/sql_connection.h"

namespace shopdesk::store::postgres {

class PgConnection;

// "?N" / "?" placeholders rewritten to "$k", numbered compactly in order of first
// use (PostgreSQL rejects parameters it cannot type, so unused numbers must go).
// `positions[N]` is the $k (1-based) that ?N became, or 0 when ?N is unused.
// Placeholders are read outside '...' strings; a bare "?" is one more than the highest
// N so far. A number above kMaxPlaceholder is not a placeholder and is left as it is
// (PostgreSQL then refuses the statement).
inline constexpr int kMaxPlaceholder = 65535;  // PostgreSQL's limit on parameters
struct TranslatedSql {
  std::string text;
  std::vector<int> positions;
};
TranslatedSql TranslatePlaceholders(std::string_view sql);

// A server-side prepared statement. Parameters go as text (bytes as binary); the
// whole result is fetched at the first Step. Not thread-safe.
class PgStatement final : public sql::Statement {
 public:
  PgStatement(PgConnection& connection, std::string name, TranslatedSql sql, int n_params);
  ~PgStatement() override;

  Result<bool> Step() override;
  // Sent in the connection's pipeline (PgConnection::SendDeferred).
  Status Defer() override;
  Status DeferChange(Error unchanged) override;
  std::int64_t Int(int column) const override;
  bool IsNull(int column) const override;
  std::string Text(int column) const override;
  void Reset() override;

 protected:
  void BindInt(int index, std::int64_t value) override;
  void BindText(int index, std::string_view text) override;
  void BindBytes(int index, std::string_view bytes) override;
  void BindNullAt(int index) override;

 private:
  // The $k slot of placeholder ?index, or -1.
  int Slot(int index) const;
  // Defer and DeferChange: `unchanged` set for the latter.
  Status SendDeferred(std::optional<Error> unchanged);
  // The bound values as libpq takes them (pointing into values_).
  struct Params {
    std::vector<const char*> values;
    std::vector<int> lengths;
  };
  Params BoundParams() const;

  PgConnection& connection_;
  std::string name_;
  TranslatedSql sql_;
  std::vector<std::string> values_;
  std::vector<bool> null_;
  std::vector<int> formats_;  // 0 text, 1 binary
  PGresult* result_ = nullptr;
  int row_ = -1;
  bool executed_ = false;
};

// One libpq connection with a cache of named prepared statements. A lost connection
// is re-established on the next Prepare (statements are prepared again).
class PgConnection final : public sql::Connection {
 public:
  // Connects to `url` (postgresql://user@host:port/db). Unavailable when it cannot.
  static Result<std::unique_ptr<PgConnection>> Open(const std::string& url);
  ~PgConnection() override;

  Result<sql::StatementLease> Prepare(const std::string& sql) override;
  Status Exec(const std::string& sql) override;
  std::int64_t Changes() const override { return changes_; }
  std::string_view ClaimRowsClause() const override { return " FOR UPDATE SKIP LOCKED"; }
  std::string_view NotifyEventsSql() const override { return "NOTIFY shopdesk_events"; }
  // LISTENs on shopdesk_events (again after a reconnect, then answers true at once
  // so the caller reads what it may have missed) and waits on the socket.
  Result<bool> WaitForEventSignal(std::chrono::milliseconds timeout) override;

  PGconn* handle() const { return conn_; }
  // Inside BEGIN ... COMMIT (or with deferred statements waiting, which only a
  // transaction sends).
  bool InTransaction() const;
  void set_changes(std::int64_t n) { changes_ = n; }

  // Queues a prepared statement in libpq's pipeline mode without waiting for its
  // result; `what` names it in an error, `unchanged` (when set) is the failure when it
  // changed no row.
  Status SendDeferred(const std::string& name, int n, const char* const* values, const int* lengths,
                      const int* formats, std::string what,
                      std::optional<Error> unchanged = std::nullopt);
  // Waits for every deferred statement's result and leaves pipeline mode. The first
  // failure among them, if any (the transaction is then aborted). Called before every
  // statement that waits for its answer, so results always arrive in order.
  Status SyncDeferred();
  // Runs a prepared statement and returns its result (the caller clears it). With
  // deferred statements waiting, it joins their pipeline, so they and it cost one round
  // trip; the first failure among them is its failure.
  Result<PGresult*> ExecPrepared(const std::string& name, int n, const char* const* values,
                                 const int* lengths, const int* formats, std::string_view what);

 private:
  explicit PgConnection(PGconn* conn) : conn_(conn) {}
  PGconn* conn_;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>> cache_;
  int next_statement_ = 0;
  std::int64_t changes_ = 0;
  bool listening_ = false;
  // Counts BEGINs; the serial of the transaction that already sent its NOTIFY.
  std::uint64_t transaction_serial_ = 0;
  std::uint64_t notified_serial_ = 0;
  // The deferred statements in the pipeline, oldest first.
  struct Deferred {
    std::string what;
    std::optional<Error> unchanged;
  };
  std::vector<Deferred> deferred_;
  // Reads the pipeline's results up to its sync; the last statement's result is kept
  // in `*last` when that is given. The first failure, if any.
  Status ReadPipeline(PGresult** last);
};

// An Error for a failed result (or connection), by SQLSTATE: unique and foreign-key
// violations are Conflict, connection and serialization failures Unavailable.
Error PgError(PGconn* conn, const PGresult* result, std::string_view what);

}  // namespace shopdesk::store::postgres
