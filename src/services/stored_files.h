#pragma once

// The stored bytes agents download: a message's raw source as it arrived, and an
// attachment. Read from the shop's blob store, scoped to the shop. Not thread-safe
// (one Database); create one per request.

#include <string>

#include "core/ids.h"
#include "core/result.h"
#include "store/database.h"

namespace shopdesk::services {

struct StoredFile {
  std::string content_type;
  std::string filename;  // as the download should be named
  std::string bytes;
};

class StoredFiles {
 public:
  explicit StoredFiles(store::Database& db) : db_(db) {}

  // message/rfc822, "message-<id>.eml". NotFound for a message without a stored
  // source (one the shop wrote).
  Result<StoredFile> RawSource(ShopId shop, MessageId id);
  // NotFound, naming the file, for an attachment that was over the size limit when it
  // arrived (its bytes are only in the raw source).
  Result<StoredFile> Attachment(ShopId shop, AttachmentId id);

 private:
  store::Database& db_;
};

}  // namespace shopdesk::services
