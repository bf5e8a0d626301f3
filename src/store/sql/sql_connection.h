#pragma once

// The small SQL surface the repositories are written against, so one repository
// implementation (store/sql/*_repo*.cc) serves every backend. SQL text uses `?N`
// (or `?`) placeholders and only syntax SQLite 3.35+ and PostgreSQL both accept
// (RETURNING, ON CONFLICT DO NOTHING, CAST); a driver translates placeholders.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace shopdesk::store::sql {

// Wakes this process's event followers when one of its connections committed live
// events: on SQLite, a node's own changes then reach its clients at once instead of
// at the next poll. Thread-safe.
class LocalEventSignal {
 public:
  static void Notify() {
    {
      std::lock_guard lock(mu());
      ++generation();
    }
    cv().notify_all();
  }
  // True when a commit with events happened during the wait.
  static bool Wait(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu());
    const std::uint64_t seen = generation();
    return cv().wait_for(lock, timeout, [&] { return generation() != seen; });
  }

 private:
  static std::mutex& mu() {
    static std::mutex m;
    return m;
  }
  static std::condition_variable& cv() {
    static std::condition_variable c;
    return c;
  }
  static std::uint64_t& generation() {
    static std::uint64_t g = 0;
    return g;
  }
};

// A prepared statement. Binding is 1-based. Not thread-safe.
class Statement {
 public:
  virtual ~Statement() = default;

  Statement& Bind(int index, std::int64_t value) { return BindInt(index, value), *this; }
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, bool value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, std::string_view text) { return BindText(index, text), *this; }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  // Raw bytes (a BLOB / BYTEA column). REQUIRES: `bytes` outlives the step.
  Statement& BindBlob(int index, std::string_view bytes) { return BindBytes(index, bytes), *this; }
  Statement& BindNull(int index) { return BindNullAt(index), *this; }
  template <typename T>
  Statement& Bind(int index, const std::optional<T>& value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // Advances to the next row: true when a row is ready, false when done.
  // Errors: Conflict for constraint violations, Unavailable for busy/I/O/connection errors.
  virtual Result<bool> Step() = 0;
  // Runs a statement. When it yields a row (INSERT ... RETURNING id), that row's first
  // column is kept as ReturnedId().
  Status Run() {
    auto r = Step();
    if (!r) return r.error();
    if (*r) returned_id_ = Int(0);
    return Ok();
  }
  std::int64_t ReturnedId() const { return returned_id_; }
  // Runs a write whose outcome nobody reads (no rows, no ReturnedId, no Changes): a
  // backend may send it without waiting for the answer (PostgreSQL's pipeline mode,
  // inside a transaction only), and then reports its failure from the connection's
  // next statement or the commit, which fails the transaction. SQLite runs it at once.
  virtual Status Defer() { return Run(); }
  // Runs a write whose only outcome read is whether it changed a row (an UPDATE by
  // key): `unchanged` is the failure when it changed none. Deferred as Defer() is, so
  // that failure may come from the connection's next statement or the commit.
  virtual Status DeferChange(Error unchanged) = 0;

  virtual std::int64_t Int(int column) const = 0;
  virtual bool IsNull(int column) const = 0;
  // Text, or the raw bytes of a BLOB / BYTEA column.
  virtual std::string Text(int column) const = 0;
  bool Bool(int column) const { return Int(column) != 0; }
  std::optional<std::int64_t> OptionalInt(int column) const {
    return IsNull(column) ? std::nullopt : std::optional<std::int64_t>(Int(column));
  }

  // Clears bindings and results so the statement can be reused.
  virtual void Reset() = 0;

 protected:
  virtual void BindInt(int index, std::int64_t value) = 0;
  virtual void BindText(int index, std::string_view text) = 0;
  virtual void BindBytes(int index, std::string_view bytes) = 0;
  virtual void BindNullAt(int index) = 0;

 private:
  std::int64_t returned_id_ = 0;
};

// A statement borrowed from a Connection's cache; resets it when it goes away.
class StatementLease {
 public:
  explicit StatementLease(Statement* s) : s_(s) {}
  StatementLease(StatementLease&& other) noexcept : s_(other.s_) { other.s_ = nullptr; }
  StatementLease(const StatementLease&) = delete;
  StatementLease& operator=(const StatementLease&) = delete;
  StatementLease& operator=(StatementLease&&) = delete;
  ~StatementLease() {
    if (s_) s_->Reset();
  }
  Statement& operator*() const { return *s_; }

 private:
  Statement* s_;
};

// One database connection with a cache of prepared statements. Not thread-safe.
class Connection {
 public:
  virtual ~Connection() = default;
  // A cached statement for `sql`, prepared on first use.
  virtual Result<StatementLease> Prepare(const std::string& sql) = 0;
  // Runs statements that return nothing (schema, BEGIN/COMMIT).
  virtual Status Exec(const std::string& sql) = 0;
  // Rows changed by the last INSERT/UPDATE/DELETE.
  virtual std::int64_t Changes() const = 0;
  // Appended to a SELECT that claims rows for one worker: "" where a write
  // transaction already excludes other writers (SQLite), " FOR UPDATE SKIP LOCKED"
  // where it does not (PostgreSQL).
  virtual std::string_view ClaimRowsClause() const = 0;
  // True when statements run inside this process (SQLite): a statement per row costs
  // no round trip, and is then often cheaper than one multi-row statement.
  virtual bool InProcess() const { return false; }

 private:
  bool events_appended_ = false;

 public:
  // A statement that signals listening connections on commit ("NOTIFY ..."), or ""
  // where the backend has no such signal (SQLite).
  virtual std::string_view NotifyEventsSql() const { return ""; }
  // See Database::WaitForEventSignal. The default waits for a commit with events in
  // this process (LocalEventSignal); other processes' commits are not seen.
  virtual Result<bool> WaitForEventSignal(std::chrono::milliseconds timeout) {
    return LocalEventSignal::Wait(timeout);
  }
  // Called by the event repository after an append; the signal fires at commit.
  void MarkEventsAppended() { events_appended_ = true; }
  // Called when a transaction ends: fires the in-process signal when it committed
  // events.
  void TransactionEnded(bool committed) {
    if (committed && events_appended_) LocalEventSignal::Notify();
    events_appended_ = false;
  }
};

// Every row of `s`, each turned into a value by `read(s)`.
template <typename Read>
auto CollectRows(Statement& s, Read read) -> Result<std::vector<decltype(read(s))>> {
  std::vector<decltype(read(s))> out;
  for (;;) {
    auto row = s.Step();
    if (!row) return row.error();
    if (!*row) return out;
    out.push_back(read(s));
  }
}

// Declares `Statement& var` prepared from `query` on `conn`, or returns the error.
#define SHOPDESK_PREPARE(var, conn, query)            \
  auto var##_prepared = (conn).Prepare(query);        \
  if (!var##_prepared) return var##_prepared.error(); \
  ::shopdesk::store::sql::Statement& var = **var##_prepared

}  // namespace shopdesk::store::sql
