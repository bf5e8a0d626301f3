#include "store/postgres/pg_connection.h"

#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <optional>

namespace shopdesk::store::postgres {
namespace {

constexpr Oid kByteaOid = 17;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 0;
}

}  // namespace

TranslatedSql TranslatePlaceholders(std::string_view sql) {
  TranslatedSql out;
  out.text.reserve(sql.size() + 8);
  int highest = 0, next_slot = 0;
  bool in_string = false;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'') in_string = !in_string;
    if (c != '?' || in_string) {
      out.text.push_back(c);
      continue;
    }
    int index = 0;
    size_t j = i + 1;
    // Capped while reading: "?99999999999" overflowed int, and a large N resized
    // `positions` to N entries (gigabytes; found by fuzzing).
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') {
      index = std::min(index * 10 + (sql[j++] - '0'), kMaxPlaceholder + 1);
    }
    if (j == i + 1) index = highest + 1;  // bare "?" as SQLite numbers it
    if (index > kMaxPlaceholder) {
      out.text.append(sql.substr(i, j - i));
      i = j - 1;
      continue;
    }
    highest = std::max(highest, index);
    if (static_cast<int>(out.positions.size()) <= index) out.positions.resize(index + 1, 0);
    if (out.positions[index] == 0) out.positions[index] = ++next_slot;
    out.text += "$" + std::to_string(out.positions[index]);
    i = j - 1;
  }
  return out;
}

Error PgError(PGconn* conn, const PGresult* result, std::string_view what) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty() && conn) message = PQerrorMessage(conn);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  const std::string detail = std::string(what) + ": " + message;
  const std::string code = state ? state : "";
  if (code == "23505" || code == "23503") return Error::Conflict(detail);
  if (code.rfind("08", 0) == 0 || code == "40001" || code == "40P01" || code.rfind("57P", 0) == 0 ||
      code == "53300" || (conn && PQstatus(conn) == CONNECTION_BAD)) {
    return Error::Unavailable("the PostgreSQL database is unavailable (" + detail + ")");
  }
  if (code == "54000") return Error::TooLarge(detail);
  return Error::Internal(detail);
}

PgStatement::PgStatement(PgConnection& connection, std::string name, TranslatedSql sql,
                         int n_params)
    : connection_(connection),
      name_(std::move(name)),
      sql_(std::move(sql)),
      values_(n_params),
      null_(n_params, true),
      formats_(n_params, 0) {}

PgStatement::~PgStatement() {
  if (result_) PQclear(result_);
}

int PgStatement::Slot(int index) const {
  if (index < 0 || index >= static_cast<int>(sql_.positions.size())) return -1;
  return sql_.positions[index] - 1;
}

void PgStatement::BindInt(int index, std::int64_t value) { BindText(index, std::to_string(value)); }

void PgStatement::BindText(int index, std::string_view text) {
  const int slot = Slot(index);
  if (slot < 0) return;
  values_[slot].assign(text);
  null_[slot] = false;
  formats_[slot] = 0;
}

void PgStatement::BindBytes(int index, std::string_view bytes) {
  BindText(index, bytes);
  if (const int slot = Slot(index); slot >= 0) formats_[slot] = 1;
}

void PgStatement::BindNullAt(int index) {
  if (const int slot = Slot(index); slot >= 0) null_[slot] = true;
}

PgStatement::Params PgStatement::BoundParams() const {
  Params p;
  const size_t n = values_.size();
  p.values.resize(n);
  p.lengths.resize(n);
  for (size_t i = 0; i < n; ++i) {
    p.values[i] = null_[i] ? nullptr : values_[i].data();
    p.lengths[i] = static_cast<int>(values_[i].size());
  }
  return p;
}

Status PgStatement::Defer() { return SendDeferred(std::nullopt); }

Status PgStatement::DeferChange(Error unchanged) { return SendDeferred(std::move(unchanged)); }

Status PgStatement::SendDeferred(std::optional<Error> unchanged) {
  // Outside a transaction nothing would report a failure: run it at once.
  if (!connection_.InTransaction()) {
    SHOPDESK_TRY(Run());
    if (unchanged && connection_.Changes() == 0) return *unchanged;
    return Ok();
  }
  const Params p = BoundParams();
  return connection_.SendDeferred(name_, static_cast<int>(p.values.size()), p.values.data(),
                                  p.lengths.data(), formats_.data(), sql_.text.substr(0, 120),
                                  std::move(unchanged));
}

Result<bool> PgStatement::Step() {
  if (!executed_) {
    const Params p = BoundParams();
    auto result = connection_.ExecPrepared(name_, static_cast<int>(p.values.size()),
                                           p.values.data(), p.lengths.data(), formats_.data(),
                                           std::string_view(sql_.text).substr(0, 120));
    executed_ = true;
    if (!result) return result.error();
    result_ = *result;
    const char* tuples = PQcmdTuples(result_);
    connection_.set_changes(tuples && *tuples ? std::atoll(tuples) : 0);
    row_ = -1;
  }
  ++row_;
  return row_ < PQntuples(result_);
}

std::int64_t PgStatement::Int(int column) const {
  return std::strtoll(PQgetvalue(result_, row_, column), nullptr, 10);
}

bool PgStatement::IsNull(int column) const { return PQgetisnull(result_, row_, column) != 0; }

std::string PgStatement::Text(int column) const {
  const char* value = PQgetvalue(result_, row_, column);
  const int length = PQgetlength(result_, row_, column);
  if (PQftype(result_, column) == kByteaOid && length >= 2 && value[0] == '\\' && value[1] == 'x') {
    std::string bytes((length - 2) / 2, '\0');
    for (size_t i = 0; i < bytes.size(); ++i) {
      bytes[i] = static_cast<char>(HexValue(value[2 + 2 * i]) * 16 + HexValue(value[3 + 2 * i]));
    }
    return bytes;
  }
  return std::string(value, static_cast<size_t>(length));
}

void PgStatement::Reset() {
  if (result_) PQclear(result_);
  result_ = nullptr;
  executed_ = false;
  row_ = -1;
  std::fill(null_.begin(), null_.end(), true);
  for (auto& v : values_) v.clear();
}

Result<std::unique_ptr<PgConnection>> PgConnection::Open(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    PQfinish(conn);
    return Error::Unavailable("cannot connect to PostgreSQL: " + message);
  }
  auto c = std::unique_ptr<PgConnection>(new PgConnection(conn));
  SHOPDESK_TRY(c->Exec("SET client_min_messages = warning"));
  return c;
}

PgConnection::~PgConnection() {
  cache_.clear();
  PQfinish(conn_);
}

Status PgConnection::SendDeferred(const std::string& name, int n, const char* const* values,
                                  const int* lengths, const int* formats, std::string what,
                                  std::optional<Error> unchanged) {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF && PQenterPipelineMode(conn_) != 1) {
    return PgError(conn_, nullptr, "entering pipeline mode");
  }
  if (PQsendQueryPrepared(conn_, name.c_str(), n, values, lengths, formats, 0) != 1) {
    Status synced = SyncDeferred();
    return synced ? Status(PgError(conn_, nullptr, what)) : synced;
  }
  deferred_.push_back({std::move(what), std::move(unchanged)});
  return Ok();
}

bool PgConnection::InTransaction() const {
  return PQtransactionStatus(conn_) == PQTRANS_INTRANS ||
         PQpipelineStatus(conn_) != PQ_PIPELINE_OFF;
}

Status PgConnection::SyncDeferred() {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) return Ok();
  return ReadPipeline(nullptr);
}

Result<PGresult*> PgConnection::ExecPrepared(const std::string& name, int n,
                                             const char* const* values, const int* lengths,
                                             const int* formats, std::string_view what) {
  if (PQpipelineStatus(conn_) == PQ_PIPELINE_OFF) {
    PGresult* result = PQexecPrepared(conn_, name.c_str(), n, values, lengths, formats, 0);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
      Error e = PgError(conn_, result, what);
      PQclear(result);
      return e;
    }
    return result;
  }
  if (PQsendQueryPrepared(conn_, name.c_str(), n, values, lengths, formats, 0) != 1) {
    Status synced = SyncDeferred();
    if (!synced) return synced.error();
    return PgError(conn_, nullptr, what);
  }
  deferred_.push_back({std::string(what), std::nullopt});
  PGresult* last = nullptr;
  SHOPDESK_TRY(ReadPipeline(&last));
  return last;
}

Status PgConnection::ReadPipeline(PGresult** last) {
  std::optional<Error> first;
  std::vector<Deferred> sent;
  sent.swap(deferred_);
  if (PQpipelineSync(conn_) != 1) {
    first = PgError(conn_, nullptr, "sending a pipeline");
  } else {
    // Each statement's result is followed by a null; the sync's own result ends them.
    size_t index = 0;
    for (;;) {
      PGresult* result = PQgetResult(conn_);
      if (!result) {
        if (PQstatus(conn_) == CONNECTION_BAD) {
          if (!first) first = PgError(conn_, nullptr, "reading a pipeline");
          break;
        }
        continue;
      }
      const ExecStatusType status = PQresultStatus(result);
      if (status == PGRES_PIPELINE_SYNC) {
        PQclear(result);
        break;
      }
      const Deferred& statement = index < sent.size() ? sent[index] : sent.back();
      const bool is_last = index + 1 == sent.size();
      ++index;
      if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        if (!first) {
          first = status == PGRES_PIPELINE_ABORTED
                      ? Error::Internal("not run after an earlier failure: " + statement.what)
                      : PgError(conn_, result, statement.what);
        }
      } else if (statement.unchanged && !first) {
        const char* tuples = PQcmdTuples(result);
        if (!tuples || std::atoll(tuples) == 0) first = *statement.unchanged;
      }
      if (is_last && last && !first) {
        *last = result;
      } else {
        PQclear(result);
      }
    }
  }
  if (PQexitPipelineMode(conn_) != 1 && !first) {
    first = PgError(conn_, nullptr, "leaving pipeline mode");
  }
  if (first) {
    if (last && *last) {
      PQclear(*last);
      *last = nullptr;
    }
    return *first;
  }
  return Ok();
}

Result<sql::StatementLease> PgConnection::Prepare(const std::string& sql) {
  // A cached statement is handed out as it is, so deferred writes keep filling the
  // pipeline; preparing a new one waits for them (PQprepare waits for its answer).
  if (PQstatus(conn_) == CONNECTION_OK) {
    if (auto cached = cache_.find(sql); cached != cache_.end()) {
      return sql::StatementLease(cached->second.get());
    }
  }
  SHOPDESK_TRY(SyncDeferred());
  if (PQstatus(conn_) != CONNECTION_OK) {
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) return PgError(conn_, nullptr, "reconnecting");
    cache_.clear();  // the server forgot our prepared statements
  }
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    TranslatedSql translated = TranslatePlaceholders(sql);
    int n_params = 0;
    for (int p : translated.positions) n_params = std::max(n_params, p);
    const std::string name = "sd" + std::to_string(++next_statement_);
    PGresult* prepared = PQprepare(conn_, name.c_str(), translated.text.c_str(), n_params, nullptr);
    if (PQresultStatus(prepared) != PGRES_COMMAND_OK) {
      Error e = PgError(conn_, prepared, "preparing: " + translated.text.substr(0, 200));
      PQclear(prepared);
      return e;
    }
    PQclear(prepared);
    it = cache_
             .emplace(sql,
                      std::make_unique<PgStatement>(*this, name, std::move(translated), n_params))
             .first;
  }
  return sql::StatementLease(it->second.get());
}

Result<bool> PgConnection::WaitForEventSignal(std::chrono::milliseconds timeout) {
  const auto drain_notifications = [this] {
    bool any = false;
    while (PGnotify* n = PQnotifies(conn_)) {
      PQfreemem(n);
      any = true;
    }
    return any;
  };
  SHOPDESK_TRY(SyncDeferred());
  if (PQstatus(conn_) != CONNECTION_OK) listening_ = false;
  if (!listening_) {
    SHOPDESK_TRY(Exec("LISTEN shopdesk_events"));
    listening_ = true;
    drain_notifications();
    return true;
  }
  if (!PQconsumeInput(conn_)) {
    listening_ = false;
    return PgError(conn_, nullptr, "waiting for notifications");
  }
  if (drain_notifications()) return true;
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  const int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
  if (ready < 0 && errno != EINTR) {
    return Error::Unavailable(std::string("waiting for notifications: ") + std::strerror(errno));
  }
  if (ready <= 0) return false;
  if (!PQconsumeInput(conn_)) {
    listening_ = false;
    return PgError(conn_, nullptr, "waiting for notifications");
  }
  return drain_notifications();
}

Status PgConnection::Exec(const std::string& sql) {
  if (sql == NotifyEventsSql()) {
    // One NOTIFY per transaction is enough (the server folds repeats anyway), and
    // each costs a round trip: a batch of ingested mail would pay it per message.
    const bool in_transaction = InTransaction();
    if (in_transaction && notified_serial_ == transaction_serial_) return Ok();
    if (in_transaction) notified_serial_ = transaction_serial_;
  }
  // A failed deferred write fails the statement after it; a rollback goes ahead.
  if (Status synced = SyncDeferred(); !synced && !sql.starts_with("ROLLBACK")) return synced;
  if (PQstatus(conn_) != CONNECTION_OK) {
    PQreset(conn_);
    cache_.clear();
  }
  if (sql.starts_with("BEGIN")) ++transaction_serial_;
  PGresult* result = PQexec(conn_, sql.c_str());
  const ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    Error e = PgError(conn_, result, sql.substr(0, 120));
    PQclear(result);
    return e;
  }
  PQclear(result);
  return Ok();
}

}  // namespace shopdesk::store::postgres
