#pragma once

#include <string>
#include <vector>

#include "core/ids.h"
#include "core/time.h"

namespace shopdesk {

// A tenant: one seller's business. Everything else belongs to exactly one shop.
struct Shop {
  ShopId id = 0;
  std::string slug;  // [a-z0-9-]{1,64}, unique; used in URLs and on the CLI
  std::string name;  // display name, e.g. 「さくら雑貨店」
  std::string time_zone = "Asia/Tokyo";
  Timestamp created_at = 0;
  // Senders whose mail is never a customer's, beside the built-in ones
  // (core/sender_rules.h IsSystemAddress): "a@b", "@domain" or "local@".
  std::vector<std::string> system_senders;
};

// True when `slug` is 1-64 characters of a-z, 0-9 and '-', not starting with '-'.
bool IsValidSlug(const std::string& slug);

}  // namespace shopdesk
