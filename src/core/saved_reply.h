#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

using SavedReplyId = std::int64_t;

// A reply agents keep for questions that come again: a Mustache template
// (core/mustache.h) over the variables services/saved_reply_service.h lists.
struct SavedReply {
  ShopId shop_id = 0;
  SavedReplyId id = 0;
  std::string title;              // e.g. "発送のご連絡"
  std::string shortcut;           // typed after "/" in the composer, e.g. "ship"; "" for none
  std::string body;               // the template
  std::string language = "ja";    // "ja" or "en"
  std::vector<std::string> tags;  // sorted, unique
  std::string intent;             // e.g. "shipping", "return"; "" for none
  std::optional<AgentId> created_by;
  Timestamp created_at = 0;
  Timestamp updated_at = 0;
};

}  // namespace shopdesk
