#pragma once

// The demo shop `shopdesk serve --demo` (and `make demo`) serves: made through the
// same services a seller's own shop is, with the command line as the actor.

#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "core/shop.h"
#include "store/database.h"

namespace shopdesk::cli {

// The demo shop's people log in to the web UI with this password (the demo serves on
// loopback by default; never use the demo database for a real shop).
inline constexpr const char* kDemoOwnerEmail = "owner@sakura-zakka.example";
inline constexpr const char* kDemoStaffEmail = "staff@sakura-zakka.example";
inline constexpr const char* kDemoPassword = "sakura-demo-2026";

struct DemoShop {
  Shop shop;
  std::string api_token;          // a fresh token of the demo owner
  int conversations_created = 0;  // 0 when the demo shop existed already
};

// Creates the demo shop 「さくら雑貨店」 (slug "sakura-zakka") with an e-mail and an
// Amazon channel, an owner, and about `conversations` realistic Japanese conversations
// generated from its own vocabulary and stored through the real ingest path (so they
// are threaded, parsed and timed like real mail: some overdue, some answered).
// When the shop exists it only issues a new token. `seed` makes the data repeatable.
Result<DemoShop> CreateDemoShop(store::Database& db, const Clock& clock, int conversations = 200,
                                unsigned seed = 20261123);

}  // namespace shopdesk::cli
