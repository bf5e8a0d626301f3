#include "services/stored_files.h"

namespace shopdesk::services {

Result<StoredFile> StoredFiles::RawSource(ShopId shop, MessageId id) {
  auto message = db_.messages().Find(shop, id);
  if (!message) return message.error();
  if (message->raw_sha256.empty()) return Error::NotFound("source of message", id);
  auto bytes = db_.blobs().Get(shop, message->raw_sha256);
  if (!bytes) return bytes.error();
  return StoredFile{"message/rfc822", "message-" + std::to_string(id) + ".eml", std::move(*bytes)};
}

Result<StoredFile> StoredFiles::Attachment(ShopId shop, AttachmentId id) {
  auto found = db_.messages().FindAttachment(shop, id);
  if (!found) return found.error();
  const auto& a = found->first;
  if (a.sha256.empty()) {
    return Error::NotFound("stored attachment",
                           a.filename + "' (it was over the size limit; download the raw mail)'");
  }
  auto bytes = db_.blobs().Get(shop, a.sha256);
  if (!bytes) return bytes.error();
  return StoredFile{a.content_type, a.filename, std::move(*bytes)};
}

}  // namespace shopdesk::services
