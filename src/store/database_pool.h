#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "store/database.h"

namespace shopdesk::store {

// Hands out Database connections to threads and takes them back. Thread-safe.
class DatabasePool {
 public:
  // Connections are opened lazily with migrate=false; open one with migrate=true
  // first (start-up does).
  explicit DatabasePool(std::string url);

  class Lease {
   public:
    Lease(DatabasePool* pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = default;
    ~Lease();
    Database& operator*() const { return *db_; }
    Database* operator->() const { return db_.get(); }

   private:
    DatabasePool* pool_;
    std::unique_ptr<Database> db_;
  };

  // An idle connection or a new one. Unavailable when a new one cannot be opened.
  Result<Lease> Acquire();
  const std::string& url() const { return url_; }

 private:
  void Release(std::unique_ptr<Database> db);

  std::string url_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace shopdesk::store
