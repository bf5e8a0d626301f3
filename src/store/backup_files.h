#pragma once

// File steps shared by backup and restore: a temporary name beside the final one,
// durable writes and renames, and reading a file's size, SHA-256 and first bytes.

#include <cstdint>
#include <string>

#include "core/result.h"

namespace shopdesk::store {

// A fresh temporary path in the directory of `final_path`
// (".<name>.tmp-<pid>-<random>"), so the final rename stays on one file system.
std::string TemporaryPathBeside(const std::string& final_path);

// Removes the file at `path` when destroyed, unless Keep() was called. For the
// temporary file of a backup that failed half-way.
class RemoveOnFailure {
 public:
  explicit RemoveOnFailure(std::string path) : path_(std::move(path)) {}
  ~RemoveOnFailure();
  RemoveOnFailure(const RemoveOnFailure&) = delete;
  RemoveOnFailure& operator=(const RemoveOnFailure&) = delete;
  void Keep() { path_.clear(); }

 private:
  std::string path_;
};

// fsync()s the file, so its bytes are on disk before it is renamed into place.
Status SyncFile(const std::string& path);
// Renames `from` to `to` (replacing `to`) and fsync()s the directory, so the new name
// survives a crash. REQUIRES: both in the same directory.
Status RenameDurably(const std::string& from, const std::string& to);
// Writes `content` to `path` through a temporary file and RenameDurably.
Status WriteFileDurably(const std::string& path, const std::string& content);
// The whole file, for small files (manifests). NotFound when missing.
Result<std::string> ReadSmallFile(const std::string& path);

struct FileFacts {
  std::int64_t bytes = 0;
  std::string sha256;  // lower-case hex
  std::string head;    // the first 16 bytes (fewer for a shorter file)
};
// Reads the file once. NotFound when missing, Unavailable when unreadable.
Result<FileFacts> InspectFile(const std::string& path);

}  // namespace shopdesk::store
