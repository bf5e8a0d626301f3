#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "core/saved_reply.h"

namespace shopdesk::store {

// Saved replies.
class SavedReplyRepo {
 public:
  virtual ~SavedReplyRepo() = default;
  // Inserts; fills id. Conflict when the shop has the shortcut already.
  virtual Result<SavedReply> Create(const SavedReply& reply) = 0;
  virtual Result<SavedReply> Find(ShopId shop, SavedReplyId id) = 0;
  // Title, shortcut, body, language, tags, intent, updated_at. NotFound, Conflict.
  virtual Status Update(const SavedReply& reply) = 0;
  virtual Status Delete(ShopId shop, SavedReplyId id) = 0;
  // By title, then id. `query` "" for all; otherwise a case-insensitive substring of the
  // title or shortcut, or an exact tag; a shortcut equal to the query comes first.
  virtual Result<std::vector<SavedReply>> Search(ShopId shop, const std::string& query,
                                                 int limit) = 0;
};

}  // namespace shopdesk::store
