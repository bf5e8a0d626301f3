// Store conformance, part 3: live events, on every backend (store_conformance_fixture.h).
#include <chrono>
#include <thread>

#include "store/store_conformance_fixture.h"

namespace shopdesk::store::conformance {
namespace {

using EventConformanceTest = ConformanceTest;

LiveEvent Event(ShopId shop, LiveEventKind kind, ConversationId conversation,
                std::optional<MessageId> message, Timestamp at) {
  LiveEvent e;
  e.shop_id = shop;
  e.kind = kind;
  e.conversation_id = conversation;
  e.message_id = message;
  e.data = R"({"status":"open"})";
  e.created_at = at;
  return e;
}

LiveEvent AppendCommitted(Database& db, const LiveEvent& e) {
  auto tx = db.BeginWrite();
  EXPECT_TRUE(tx) << tx.error().ToString();
  auto stored = db.events().Append(e);
  EXPECT_TRUE(stored) << stored.error().ToString();
  EXPECT_TRUE((*tx)->Commit());
  return stored ? *stored : e;
}

TEST_P(EventConformanceTest, EventsKeepEveryFieldAndAreListedInIdOrder) {
  ASSERT_EQ(*db_->events().LatestId(), 0);
  auto a = AppendCommitted(
      *db_, Event(shop_.id, LiveEventKind::kConversationCreated, 7, std::nullopt, 100));
  auto b = AppendCommitted(*db_, Event(shop_.id, LiveEventKind::kMessageCreated, 7, 9, 101));
  auto c = AppendCommitted(*db_, Event(other_.id, LiveEventKind::kMessageUpdated, 8, 10, 102));
  EXPECT_LT(a.id, b.id);
  EXPECT_LT(b.id, c.id);
  EXPECT_EQ(*db_->events().LatestId(), c.id);

  auto all = db_->events().ListAfter(0, 10);
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].kind, LiveEventKind::kConversationCreated);
  EXPECT_FALSE((*all)[0].message_id);
  EXPECT_EQ((*all)[1].shop_id, shop_.id);
  EXPECT_EQ((*all)[1].conversation_id, 7);
  EXPECT_EQ((*all)[1].message_id, 9);
  EXPECT_EQ((*all)[1].data, R"({"status":"open"})");
  EXPECT_EQ((*all)[1].created_at, 101);
  EXPECT_EQ((*all)[2].kind, LiveEventKind::kMessageUpdated);

  auto after_first = db_->events().ListAfter(a.id, 1);
  ASSERT_EQ(after_first->size(), 1u);
  EXPECT_EQ((*after_first)[0].id, b.id);

  auto between = db_->events().ListBetween(b.id, c.id, 10);
  ASSERT_TRUE(between) << between.error().ToString();
  ASSERT_EQ(between->size(), 2u);
  EXPECT_EQ((*between)[0].message_id, 9);
  EXPECT_EQ((*between)[1].id, c.id);
  EXPECT_EQ(db_->events().ListBetween(a.id, c.id, 1)->size(), 1u);
  EXPECT_TRUE(db_->events().ListBetween(c.id + 1, c.id + 100, 10)->empty());
}

TEST_P(EventConformanceTest, AShopListsOnlyItsOwnEvents) {
  AppendCommitted(*db_, Event(shop_.id, LiveEventKind::kMessageCreated, 1, 1, 1));
  auto theirs = AppendCommitted(*db_, Event(other_.id, LiveEventKind::kMessageCreated, 2, 2, 1));
  auto mine = db_->events().ListForShop(shop_.id, 0, 10);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].shop_id, shop_.id);
  auto other = db_->events().ListForShop(other_.id, 0, 10);
  ASSERT_EQ(other->size(), 1u);
  EXPECT_EQ((*other)[0].id, theirs.id);
  EXPECT_TRUE(db_->events().ListForShop(other_.id, theirs.id, 10)->empty());
}

TEST_P(EventConformanceTest, ARolledBackEventIsNeverSeen) {
  {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(db_->events().Append(Event(shop_.id, LiveEventKind::kMessageCreated, 1, 1, 1)));
  }  // rolled back
  EXPECT_TRUE(db_->events().ListAfter(0, 10)->empty());
}

TEST_P(EventConformanceTest, PruningRemovesOldEventsAndIdsKeepGrowing) {
  AppendCommitted(*db_, Event(shop_.id, LiveEventKind::kMessageCreated, 1, 1, 100));
  auto last = AppendCommitted(*db_, Event(shop_.id, LiveEventKind::kMessageCreated, 1, 2, 200));
  auto pruned = db_->events().PruneBefore(300);
  ASSERT_TRUE(pruned) << pruned.error().ToString();
  EXPECT_EQ(*pruned, 2);
  EXPECT_TRUE(db_->events().ListAfter(0, 10)->empty());
  auto next = AppendCommitted(*db_, Event(shop_.id, LiveEventKind::kMessageCreated, 1, 3, 400));
  EXPECT_GT(next.id, last.id) << "an id is never reused, or nodes following the sequence miss it";
}

TEST_P(EventConformanceTest, ACommittedEventWakesAListeningConnection) {
  if (!GetParam().shared) GTEST_SKIP() << "needs a second connection";
  auto listener = Connect();
  ASSERT_TRUE(listener);
  // The first wait subscribes on PostgreSQL (and answers at once so the caller reads
  // what it missed).
  (void)listener->WaitForEventSignal(std::chrono::milliseconds(10));
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    AppendCommitted(*db_, Event(shop_.id, LiveEventKind::kMessageCreated, 1, 1, 1));
  });
  // PostgreSQL: NOTIFY from any process; SQLite: the commit signal of this process.
  auto woke = listener->WaitForEventSignal(std::chrono::milliseconds(5000));
  writer.join();
  ASSERT_TRUE(woke) << woke.error().ToString();
  EXPECT_TRUE(*woke) << "a commit with events wakes the waiting connection";
  auto seen = listener->events().ListAfter(0, 10);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->size(), 1u);
}

TEST_P(EventConformanceTest, ARolledBackAppendWakesNoOne) {
  if (!GetParam().shared) GTEST_SKIP() << "needs a second connection";
  auto listener = Connect();
  ASSERT_TRUE(listener);
  (void)listener->WaitForEventSignal(std::chrono::milliseconds(10));
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(db_->events().Append(Event(shop_.id, LiveEventKind::kMessageCreated, 1, 1, 1)));
  });  // rolled back
  auto woke = listener->WaitForEventSignal(std::chrono::milliseconds(400));
  writer.join();
  ASSERT_TRUE(woke);
  EXPECT_FALSE(*woke);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventConformanceTest, ::testing::ValuesIn(kBackends),
                         BackendName);

}  // namespace
}  // namespace shopdesk::store::conformance
