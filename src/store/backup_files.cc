#include "store/backup_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/digest.h"

namespace shopdesk::store {
namespace {

namespace fs = std::filesystem;

Error IoError(const std::string& what, const std::string& path) {
  return Error::Unavailable(what + " " + path + ": " + std::strerror(errno));
}

// fsync on an open descriptor of `path` (a directory is opened read-only).
Status SyncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open", path);
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) return IoError("cannot sync", path);
  return Ok();
}

std::string DirectoryOf(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

}  // namespace

std::string TemporaryPathBeside(const std::string& final_path) {
  const fs::path p(final_path);
  const std::string name =
      "." + p.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + RandomHex(4);
  return (p.parent_path() / name).string();
}

RemoveOnFailure::~RemoveOnFailure() {
  if (path_.empty()) return;
  std::error_code ignored;
  fs::remove(path_, ignored);
  // SQLite may have left its journal beside a temporary database.
  fs::remove(path_ + "-journal", ignored);
}

Status SyncFile(const std::string& path) { return SyncPath(path, false); }

Status RenameDurably(const std::string& from, const std::string& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return Error::Unavailable("cannot rename " + from + " to " + to + ": " + std::strerror(errno));
  }
  return SyncPath(DirectoryOf(to), true);
}

Status WriteFileDurably(const std::string& path, const std::string& content) {
  const std::string temp = TemporaryPathBeside(path);
  RemoveOnFailure cleanup(temp);
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) return IoError("cannot write", temp);
  }
  SHOPDESK_TRY(SyncFile(temp));
  SHOPDESK_TRY(RenameDurably(temp, path));
  cleanup.Keep();
  return Ok();
}

Result<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return Error::NotFound("file", path);
    return IoError("cannot read", path);
  }
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return IoError("cannot read", path);
  return content;
}

Result<FileFacts> InspectFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Error::NotFound("file", path);
    return IoError("cannot open", path);
  }
  FileFacts facts;
  Sha256Stream hash;
  std::string buffer(1 << 20, '\0');
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      errno = saved;
      return IoError("cannot read", path);
    }
    if (n == 0) break;
    const std::string_view chunk(buffer.data(), static_cast<std::size_t>(n));
    if (facts.head.size() < 16) facts.head += chunk.substr(0, 16 - facts.head.size());
    hash.Update(chunk);
    facts.bytes += n;
  }
  ::close(fd);
  facts.sha256 = hash.FinishHex();
  return facts;
}

}  // namespace shopdesk::store
