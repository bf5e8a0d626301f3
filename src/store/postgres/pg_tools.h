#pragma once

// Finding PostgreSQL's client programs (pg_dump, pg_restore) and handing them a
// connection without putting the password on their command line.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace shopdesk::store::postgres {

// A PostgreSQL version as one comparable number of its major release:
// 15.4 -> 1500, 9.6.24 -> 906 (before 10 the major release had two parts).
using PgMajor = int;

// The major release in a program's --version line ("pg_dump (PostgreSQL) 15.18
// (Debian 15.18-0+deb12u1)" -> 1500), or nullopt when there is none.
std::optional<PgMajor> ParseToolVersion(std::string_view version_output);
// The major release of a server_version_num (PQserverVersion: 150018 -> 1500).
PgMajor MajorOfServerVersion(int server_version_num);
// "15", "9.6".
std::string FormatMajor(PgMajor major);

struct PgTool {
  std::string path;
  PgMajor major = 0;
};

// Finds `name` (pg_dump, pg_restore) at least as new as `at_least`: only in `bindir`
// when it is set; otherwise on PATH, then in /usr/lib/postgresql/<N>/bin, newest
// first. Unavailable with what to install when no copy is found, or every copy is
// older than `at_least` (pg_dump refuses, and cannot read, newer servers).
Result<PgTool> FindPgTool(const std::string& name, const std::string& bindir, PgMajor at_least);

// A libpq URL split for a child program: `conninfo` ("host='h' port='5432' ...",
// every parameter of the URL but the password) for --dbname, and the password for
// PGPASSWORD (other users may read a command line, not an environment).
struct ChildConnection {
  std::string conninfo;
  std::string password;
};
// InvalidArgument for a URL libpq cannot parse.
Result<ChildConnection> SplitConnection(const std::string& url);

// The environment for a child connecting with `c`: PGPASSWORD when there is one.
std::vector<std::pair<std::string, std::string>> ChildEnv(const ChildConnection& c);

}  // namespace shopdesk::store::postgres
