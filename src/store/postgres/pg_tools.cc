#include "store/postgres/pg_tools.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>

#include "store/postgres/child_process.h"

namespace shopdesk::store::postgres {
namespace {

namespace fs = std::filesystem;

bool Executable(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

// Candidate paths of `name`, in the order they are tried.
std::vector<std::string> Candidates(const std::string& name, const std::string& bindir) {
  std::vector<std::string> out;
  if (!bindir.empty()) {
    out.push_back((fs::path(bindir) / name).string());
    return out;
  }
  if (const char* path = std::getenv("PATH")) {
    std::string_view dirs(path);
    while (!dirs.empty()) {
      const auto colon = dirs.find(':');
      const std::string dir(dirs.substr(0, colon));
      if (!dir.empty()) out.push_back((fs::path(dir) / name).string());
      if (colon == std::string_view::npos) break;
      dirs.remove_prefix(colon + 1);
    }
  }
  // Debian installs each major release beside the others; PATH holds a wrapper.
  std::vector<std::pair<int, std::string>> debian;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string version = entry.path().filename().string();
    if (!version.empty() && std::all_of(version.begin(), version.end(), ::isdigit)) {
      debian.emplace_back(std::stoi(version), (entry.path() / "bin" / name).string());
    }
  }
  std::sort(debian.rbegin(), debian.rend());
  for (auto& [major, candidate] : debian) out.push_back(std::move(candidate));
  return out;
}

std::string QuoteConninfoValue(std::string_view value) {
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::optional<PgMajor> ParseToolVersion(std::string_view text) {
  // The first number after "(PostgreSQL)", else the first number at all.
  const auto marker = text.find("(PostgreSQL)");
  std::size_t i = marker == std::string_view::npos ? 0 : marker + 12;
  while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  if (i == text.size()) return std::nullopt;
  int first = 0, second = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
    first = first * 10 + (text[i++] - '0');
    if (first > 1000) return std::nullopt;
  }
  if (first < 10 && i + 1 < text.size() && text[i] == '.' &&
      std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
      second = second * 10 + (text[i] - '0');
      if (second > 99) return std::nullopt;
    }
  }
  if (first == 0) return std::nullopt;
  return first * 100 + (first < 10 ? second : 0);
}

PgMajor MajorOfServerVersion(int num) { return num >= 100000 ? (num / 10000) * 100 : num / 100; }

std::string FormatMajor(PgMajor major) {
  const int first = major / 100;
  return first >= 10 ? std::to_string(first)
                     : std::to_string(first) + "." + std::to_string(major % 100);
}

Result<PgTool> FindPgTool(const std::string& name, const std::string& bindir, PgMajor at_least) {
  std::vector<std::string> too_old;
  for (const std::string& path : Candidates(name, bindir)) {
    if (!Executable(path)) continue;
    auto ran = RunChild({path, "--version"});
    if (!ran || ran->exit_code != 0) continue;
    const auto major = ParseToolVersion(ran->out);
    if (!major) continue;
    if (*major >= at_least) return PgTool{path, *major};
    too_old.push_back(path + " is " + FormatMajor(*major));
  }
  const std::string server = FormatMajor(at_least);
  const std::string where =
      bindir.empty() ? "PATH and /usr/lib/postgresql/*/bin" : "--pg-bindir " + bindir;
  const std::string install =
      "install postgresql-client-" + server + " (apt-get install postgresql-client-" + server +
      ") or pass --pg-bindir with the directory of a " + name + " " + server + " or newer";
  if (too_old.empty()) {
    return Error::Unavailable(name + " was not found (looked in " + where + "); " + install);
  }
  std::string found;
  for (const auto& t : too_old) found += (found.empty() ? "" : ", ") + t;
  return Error::Unavailable(name + " is older than the PostgreSQL " + server + " server (" + found +
                            "); it must be version " + server + " or newer: " + install);
}

Result<ChildConnection> SplitConnection(const std::string& url) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &error);
  if (!options) {
    std::string detail = error ? error : "out of memory";
    PQfreemem(error);
    while (!detail.empty() && detail.back() == '\n') detail.pop_back();
    return Error::InvalidArgument("cannot read the database URL: " + detail);
  }
  ChildConnection c;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val || !*o->val) continue;
    const std::string keyword = o->keyword;
    if (keyword == "password") {
      c.password = o->val;
      continue;
    }
    if (!c.conninfo.empty()) c.conninfo += ' ';
    c.conninfo += keyword + "=" + QuoteConninfoValue(o->val);
  }
  PQconninfoFree(options);
  return c;
}

std::vector<std::pair<std::string, std::string>> ChildEnv(const ChildConnection& c) {
  std::vector<std::pair<std::string, std::string>> env;
  if (!c.password.empty()) env.emplace_back("PGPASSWORD", c.password);
  return env;
}

}  // namespace shopdesk::store::postgres
