#pragma once

// Copies shops, with every row, attachment and raw source, from one database to
// another (SQLite to PostgreSQL, or back): `shopdesk migrate --from A --to B`.
//
// - Ids are given anew by the target (it may hold other shops); references are
//   rewritten, and the id each row got is kept in the target (copy_id_map).
// - One target transaction per shop, read from one source snapshot: a shop is copied
//   whole or not at all.
// - Run again, it adds rows that are new in the source, updates the ones that
//   changed, replaces tag sets and drops outbox jobs the source finished, so the
//   target matches the source again. Rows created in the target itself are kept.
// - Verified before commit: per table, the source rows and their copies are counted
//   and hashed (each row's SHA-256, ids translated back to source ids, summed
//   order-free); any difference rolls the shop back.
// - Refuses when either schema has a table or column the copier does not know (a
//   newer shopdesk wrote it), or when the target has a shop with the same slug that
//   was not copied from this source shop.
// Live events (a short-lived log) are not copied.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace shopdesk::store {

struct TenantCopyOptions {
  // Slugs of the shops to copy; empty: every shop of the source.
  std::vector<std::string> slugs;
  // Progress lines ("sakura: messages 20000 / 120000"), for a person watching.
  std::function<void(const std::string&)> progress = [](const std::string&) {};
  Timestamp now = 0;
};

struct TableCopyReport {
  std::string table;
  std::int64_t source_rows = 0;  // the shop's rows in the source
  std::int64_t inserted = 0;     // new in the target this run
  std::int64_t updated = 0;      // copied before and changed since: written again
  std::int64_t unchanged = 0;    // copied before and unchanged: not written
  std::int64_t removed = 0;      // outbox jobs the source no longer has
  std::string checksum;          // equal on both sides, or the copy was rolled back
};

struct ShopCopyReport {
  std::string slug;
  ShopId source_id = 0;
  ShopId target_id = 0;
  bool first_copy = false;
  std::vector<TableCopyReport> tables;
};

// Errors: NotFound for an unknown slug; Conflict for a slug taken in the target by
// another shop, or a schema this copier does not know; Corrupt when a source row
// refers to a missing row, a blob does not match its address, or the verification
// fails; Unavailable for database failures. Shops copied before the
// failing one stay copied (each is its own transaction).
Result<std::vector<ShopCopyReport>> CopyShops(Database& from, Database& to,
                                              const TenantCopyOptions& options);

}  // namespace shopdesk::store
