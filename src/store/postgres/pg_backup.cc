#include "store/postgres/pg_backup.h"

#include <libpq-fe.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "store/postgres/child_process.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_tools.h"

namespace shopdesk::store::postgres {
namespace {

namespace fs = std::filesystem;

struct ClearResult {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultHandle = std::unique_ptr<PGresult, ClearResult>;

// Every row's first column of a read-only query, as text.
Result<std::vector<std::string>> Column(PgConnection& c, const std::string& sql) {
  ResultHandle r(PQexec(c.handle(), sql.c_str()));
  if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK) return PgError(c.handle(), r.get(), sql);
  std::vector<std::string> rows;
  for (int i = 0; i < PQntuples(r.get()); ++i) rows.emplace_back(PQgetvalue(r.get(), i, 0));
  return rows;
}

constexpr const char* kUserTablesSql =
    "SELECT n.nspname || '.' || c.relname FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') "
    "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
    "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' ORDER BY 1";

// The last few lines a tool printed, for an error message.
std::string Tail(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::size_t start = text.size();
  for (int lines = 0; lines < 4 && start != std::string::npos && start > 0; ++lines) {
    start = text.rfind('\n', start - 1);
  }
  text = start == std::string::npos ? text : text.substr(start + 1);
  for (auto& c : text) {
    if (c == '\n') c = ' ';
  }
  return text.empty() ? "no message" : text;
}

std::string Megabytes(std::uintmax_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

}  // namespace

Result<int> DumpPostgres(const std::string& url, const std::string& dest_path,
                         const BackupToolOptions& options) {
  auto connection = PgConnection::Open(url);
  if (!connection) return connection.error();
  const PgMajor server = MajorOfServerVersion(PQserverVersion((*connection)->handle()));
  auto has_schema = Column(**connection, "SELECT to_regclass('schema_migrations') IS NOT NULL");
  if (!has_schema) return has_schema.error();
  if (has_schema->empty() || has_schema->front() != "t") {
    return Error::InvalidArgument(
        "the database is not a shopdesk database (it has no "
        "schema_migrations table)");
  }
  auto version = Column(**connection, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!version) return version.error();
  connection->reset();

  auto tool = FindPgTool("pg_dump", options.pg_bindir, server);
  if (!tool) return tool.error();
  auto split = SplitConnection(url);
  if (!split) return split.error();
  ChildOptions child;
  child.env = ChildEnv(*split);
  child.on_tick = [&] {
    std::error_code ec;
    const auto size = fs::file_size(dest_path, ec);
    if (!ec) options.progress("backup: pg_dump has written " + Megabytes(size));
  };
  auto ran = RunChild({tool->path, "--format=custom", "--no-password", "--file=" + dest_path,
                       "--dbname=" + split->conninfo},
                      child);
  if (!ran) return ran.error();
  if (ran->exit_code != 0) {
    return Error::Unavailable("pg_dump (" + tool->path + ") failed with exit status " +
                              std::to_string(ran->exit_code) + ": " + Tail(ran->errors));
  }
  return std::stoi(version->front());
}

Result<std::vector<std::string>> ArchiveTables(const std::string& archive_path,
                                               const BackupToolOptions& options) {
  auto tool = FindPgTool("pg_restore", options.pg_bindir, 0);
  if (!tool) return tool.error();
  auto ran = RunChild({tool->path, "--list", archive_path});
  if (!ran) return ran.error();
  if (ran->exit_code != 0) {
    return Error::Corrupt(
        "pg_restore cannot read the archive " + archive_path +
        " (it is damaged, truncated, or newer than this pg_restore): " + Tail(ran->errors));
  }
  // Table entries look like "215; 1259 16385 TABLE public shops postgres".
  std::vector<std::string> tables;
  std::size_t start = 0;
  while (start < ran->out.size()) {
    auto end = ran->out.find('\n', start);
    if (end == std::string::npos) end = ran->out.size();
    const std::string line = ran->out.substr(start, end - start);
    start = end + 1;
    if (line.empty() || line[0] == ';') continue;
    char schema[256], name[256];
    if (std::sscanf(line.c_str(), "%*d; %*u %*u TABLE %255s %255s", schema, name) == 2) {
      tables.push_back(std::string(schema) + "." + name);
    }
  }
  return tables;
}

Result<std::vector<std::string>> DatabaseTables(const std::string& url) {
  auto connection = PgConnection::Open(url);
  if (!connection) return connection.error();
  return Column(**connection, kUserTablesSql);
}

Status RestorePostgres(const std::string& archive_path, const std::string& url, bool clean,
                       const BackupToolOptions& options) {
  auto connection = PgConnection::Open(url);
  if (!connection) return connection.error();
  const PgMajor server = MajorOfServerVersion(PQserverVersion((*connection)->handle()));
  connection->reset();
  auto tool = FindPgTool("pg_restore", options.pg_bindir, server);
  if (!tool) return tool.error();
  auto split = SplitConnection(url);
  if (!split) return split.error();
  // --no-owner and --no-privileges: the roles of the source server need not exist
  // here; the restoring user owns what it creates, as shopdesk's migrations would.
  std::vector<std::string> argv{tool->path,
                                "--no-owner",
                                "--no-privileges",
                                "--single-transaction",
                                "--exit-on-error",
                                "--no-password",
                                "--dbname=" + split->conninfo};
  if (clean) {
    argv.push_back("--clean");
    argv.push_back("--if-exists");
  }
  argv.push_back(archive_path);
  ChildOptions child;
  child.env = ChildEnv(*split);
  int seconds = 0;
  child.on_tick = [&] {
    if (++seconds % 5 == 0) {
      options.progress("restore: pg_restore has run " + std::to_string(seconds) + " s");
    }
  };
  auto ran = RunChild(argv, child);
  if (!ran) return ran.error();
  if (ran->exit_code != 0) {
    return Error::Unavailable("pg_restore failed with exit status " +
                              std::to_string(ran->exit_code) +
                              " and changed nothing (one transaction): " + Tail(ran->errors));
  }
  return Ok();
}

}  // namespace shopdesk::store::postgres
