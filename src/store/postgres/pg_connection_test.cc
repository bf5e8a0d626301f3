#include "store/postgres/pg_connection.h"

#include <gtest/gtest.h>

namespace shopdesk::store::postgres {
namespace {

TEST(TranslatePlaceholdersTest, NumbersCompactlyInOrderOfFirstUse) {
  auto t = TranslatePlaceholders("a = ?3 AND b = ?1 AND c = ?3 AND d = '?2'");
  EXPECT_EQ(t.text, "a = $1 AND b = $2 AND c = $1 AND d = '?2'");
  EXPECT_EQ(t.positions, (std::vector<int>{0, 2, 0, 1}));
}

TEST(TranslatePlaceholdersTest, BareMarksFollowTheHighestNumber) {
  auto t = TranslatePlaceholders("VALUES (?, ?2, ?)");
  EXPECT_EQ(t.text, "VALUES ($1, $2, $3)");
  EXPECT_EQ(t.positions, (std::vector<int>{0, 1, 2, 3}));
}

TEST(TranslatePlaceholdersTest, NumbersPastPostgresLimitAreNotPlaceholders) {
  // "?99999999999" overflowed an int, and "?1000000000" sized a 4 GB table (found by
  // fuzzing).
  auto t = TranslatePlaceholders("x = ?99999999999 AND y = ?65536 AND z = ?65535");
  EXPECT_EQ(t.text, "x = ?99999999999 AND y = ?65536 AND z = $1");
  EXPECT_EQ(t.positions.size(), static_cast<size_t>(kMaxPlaceholder) + 1);
  EXPECT_EQ(t.positions[kMaxPlaceholder], 1);
}

}  // namespace
}  // namespace shopdesk::store::postgres
