#include "store/backup_manifest.h"

#include <charconv>
#include <map>

namespace shopdesk::store {
namespace {

constexpr int kManifestVersion = 1;

template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
  return value;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsLowerHex(std::string_view s) {
  return s.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

}  // namespace

std::string_view BackupFormatName(BackupFormat format) {
  return format == BackupFormat::kSqlite ? "sqlite" : "pg_dump";
}

std::string ManifestPathFor(const std::string& backup_path) { return backup_path + ".manifest"; }

std::string FormatManifest(const BackupManifest& m) {
  std::string out =
      "# shopdesk backup manifest: describes the file named below; keep the two together.\n";
  out += "shopdesk-backup: " + std::to_string(kManifestVersion) + "\n";
  out += "file: " + m.file + "\n";
  out += "format: " + std::string(BackupFormatName(m.format)) + "\n";
  out += "bytes: " + std::to_string(m.bytes) + "\n";
  out += "sha256: " + m.sha256 + "\n";
  out += "schema_version: " + std::to_string(m.schema_version) + "\n";
  out += "created_at: " + FormatIso8601(m.created_at) + "\n";
  return out;
}

Result<BackupManifest> ParseManifest(std::string_view text, const std::string& path) {
  std::map<std::string, std::string, std::less<>> fields;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = Trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (line.empty() || line.front() == '#') continue;
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      return Error::Corrupt("the backup manifest " + path + " has a line without 'key: value'");
    }
    fields.emplace(std::string(Trim(line.substr(0, colon))),
                   std::string(Trim(line.substr(colon + 1))));
  }
  const auto bad = [&](std::string_view key) {
    return Error::Corrupt("the backup manifest " + path + " has no valid '" + std::string(key) +
                          "'; it is damaged or not a shopdesk manifest");
  };
  const auto get = [&](std::string_view key) -> const std::string* {
    auto it = fields.find(key);
    return it == fields.end() ? nullptr : &it->second;
  };
  const std::string* version = get("shopdesk-backup");
  if (!version) return bad("shopdesk-backup");
  const auto v = ParseNumber<int>(*version);
  if (!v) return bad("shopdesk-backup");
  if (*v > kManifestVersion) {
    return Error::Corrupt("the backup manifest " + path + " is version " + *version +
                          "; this shopdesk reads version " + std::to_string(kManifestVersion) +
                          " (restore with the shopdesk that made the backup, or a newer one)");
  }
  BackupManifest m;
  const std::string* format = get("format");
  if (!format || (*format != "sqlite" && *format != "pg_dump")) return bad("format");
  m.format = *format == "sqlite" ? BackupFormat::kSqlite : BackupFormat::kPgDump;
  if (const std::string* file = get("file")) m.file = *file;
  const std::string* bytes = get("bytes");
  const auto n = bytes ? ParseNumber<std::int64_t>(*bytes) : std::nullopt;
  if (!n) return bad("bytes");
  m.bytes = *n;
  const std::string* sha = get("sha256");
  if (!sha || sha->size() != 64 || !IsLowerHex(*sha)) return bad("sha256");
  m.sha256 = *sha;
  if (const std::string* schema = get("schema_version")) {
    const auto s = ParseNumber<int>(*schema);
    if (!s) return bad("schema_version");
    m.schema_version = *s;
  }
  if (const std::string* created = get("created_at")) {
    m.created_at = ParseIso8601(*created).value_or(0);
  }
  return m;
}

std::optional<BackupFormat> SniffBackupFormat(std::string_view first_bytes) {
  static constexpr std::string_view kSqliteMagic("SQLite format 3\0", 16);
  if (first_bytes.substr(0, kSqliteMagic.size()) == kSqliteMagic) return BackupFormat::kSqlite;
  if (first_bytes.substr(0, 5) == "PGDMP") return BackupFormat::kPgDump;
  return std::nullopt;
}

}  // namespace shopdesk::store
