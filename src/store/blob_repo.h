#pragma once

#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/result.h"

namespace shopdesk::store {

// Content-addressed bytes (raw mail sources, attachments), per shop.
class BlobRepo {
 public:
  virtual ~BlobRepo() = default;
  // Stores `bytes` under `sha256` (hex) unless present. Idempotent.
  virtual Status Put(ShopId shop, const std::string& sha256, std::string_view bytes) = 0;
  virtual Result<std::string> Get(ShopId shop, const std::string& sha256) = 0;
};

}  // namespace shopdesk::store
