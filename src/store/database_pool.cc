#include "store/database_pool.h"

namespace shopdesk::store {

DatabasePool::DatabasePool(std::string url) : url_(std::move(url)) {}

DatabasePool::Lease::~Lease() {
  if (pool_ && db_) pool_->Release(std::move(db_));
}

Result<DatabasePool::Lease> DatabasePool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(db));
    }
  }
  OpenOptions options;
  options.migrate = false;
  auto db = OpenDatabase(url_, options);
  if (!db) return db.error();
  return Lease(this, std::move(*db));
}

void DatabasePool::Release(std::unique_ptr<Database> db) {
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(db));
}

}  // namespace shopdesk::store
