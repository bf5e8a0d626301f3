// Store behaviour that the service tests do not reach directly. Written against the
// Database interface so a second backend runs the same cases (add it to Backends()).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "store/database.h"
#include "testing/test_database.h"

namespace shopdesk::store {
namespace {

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("shopdesk-store-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(dir_);
    if (GetParam() == "postgresql") {
      url_ = testing::TestPostgresUrl();
      if (url_.empty()) GTEST_SKIP() << "set SHOPDESK_TEST_POSTGRES_URL to run on PostgreSQL";
    } else {
      url_ = GetParam() == "sqlite-file" ? "sqlite:" + (dir_ / "t.db").string() : "sqlite::memory:";
    }
    auto db = testing::OpenEmptyDatabase(url_);
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    shop_ = *db_->shops().Create({0, "a", "A", "Asia/Tokyo", 1, {}});
    other_ = *db_->shops().Create({0, "b", "B", "Asia/Tokyo", 1, {}});
    Channel c;
    c.shop_id = shop_.id;
    c.name = "support";
    c.address = "s@a.example";
    channel_ = *db_->channels().Create(c);
    customer_ = *db_->customers().FindOrCreateByEmail(shop_.id, "c@x.jp", "客", 1);
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  Conversation NewConversation(Timestamp activity, std::optional<Timestamp> due) {
    Conversation c;
    c.shop_id = shop_.id;
    c.channel_id = channel_.id;
    c.customer_id = customer_.id;
    c.subject = "s";
    c.created_at = activity;
    c.last_activity_at = activity;
    c.due_at = due;
    return *db_->conversations().Create(c);
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
  Shop shop_, other_;
  Channel channel_;
  Customer customer_;
};

TEST_P(StoreTest, UniqueKeysAreConflicts) {
  EXPECT_EQ(db_->shops().Create({0, "a", "again", "Asia/Tokyo", 1, {}}).error().code,
            ErrorCode::kConflict);
  Channel c = channel_;
  EXPECT_EQ(db_->channels().Create(c).error().code, ErrorCode::kConflict);
  c.shop_id = other_.id;  // the same name in another shop is fine
  EXPECT_TRUE(db_->channels().Create(c));
}

TEST_P(StoreTest, PaginationReturnsEveryRowOnceInBothOrders) {
  std::set<ConversationId> ids;
  for (int i = 0; i < 23; ++i) {
    // Ties in activity and missing due times on purpose.
    std::optional<Timestamp> due;
    if (i % 3) due = 1000 + (i % 5);
    ids.insert(NewConversation(100 + i / 4, due).id);
  }
  for (auto sort : {ConversationFilter::Sort::kLastActivity, ConversationFilter::Sort::kDueAt}) {
    ConversationFilter f;
    f.sort = sort;
    f.limit = 4;
    std::vector<ConversationId> seen;
    std::optional<Timestamp> last_due;
    bool saw_null = false;
    for (;;) {
      auto page = db_->conversations().List(shop_.id, f);
      ASSERT_TRUE(page) << page.error().ToString();
      for (const auto& row : page->items) {
        seen.push_back(row.conversation.id);
        if (sort == ConversationFilter::Sort::kDueAt) {
          if (!row.conversation.due_at) {
            saw_null = true;
          } else {
            EXPECT_FALSE(saw_null) << "conversations without a due time come last";
            if (last_due) {
              EXPECT_LE(*last_due, *row.conversation.due_at);
            }
            last_due = row.conversation.due_at;
          }
        }
      }
      if (page->next_cursor.empty()) break;
      f.cursor = page->next_cursor;
    }
    EXPECT_EQ(seen.size(), ids.size());
    EXPECT_EQ(std::set<ConversationId>(seen.begin(), seen.end()), ids);
  }
  ConversationFilter bad;
  bad.cursor = "garbage";
  EXPECT_EQ(db_->conversations().List(shop_.id, bad).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(StoreTest, AnotherShopSeesNothing) {
  const Conversation c = NewConversation(1, std::nullopt);
  EXPECT_EQ(db_->conversations().Find(other_.id, c.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(db_->customers().Find(other_.id, customer_.id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(db_->channels().Find(other_.id, channel_.id).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(db_->conversations().List(other_.id, {})->items.empty());
  EXPECT_TRUE(db_->channels().List(other_.id)->empty());
  Conversation stolen = c;
  stolen.shop_id = other_.id;
  EXPECT_EQ(db_->conversations().Update(stolen).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(db_->blobs().Put(shop_.id, "h", "bytes"));
  EXPECT_EQ(db_->blobs().Get(other_.id, "h").error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, BlobsAreIdempotent) {
  ASSERT_TRUE(db_->blobs().Put(shop_.id, "h1", std::string("a\0b", 3)));
  ASSERT_TRUE(db_->blobs().Put(shop_.id, "h1", std::string("a\0b", 3)));
  EXPECT_EQ(*db_->blobs().Get(shop_.id, "h1"), std::string("a\0b", 3));
}

TEST_P(StoreTest, TransactionsRollBackUnlessCommitted) {
  {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(db_->shops().Create({0, "gone", "G", "Asia/Tokyo", 1, {}}));
  }
  EXPECT_EQ(db_->shops().FindBySlug("gone").error().code, ErrorCode::kNotFound);
  {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(db_->shops().Create({0, "kept", "K", "Asia/Tokyo", 1, {}}));
    ASSERT_TRUE((*tx)->Commit());
  }
  EXPECT_TRUE(db_->shops().FindBySlug("kept"));
}

TEST_P(StoreTest, OutboxClaimsAreExclusiveUntilTheLeaseEnds) {
  const Conversation c = NewConversation(1, std::nullopt);
  Message m;
  m.shop_id = shop_.id;
  m.conversation_id = c.id;
  m.channel_id = channel_.id;
  m.direction = Direction::kOutbound;
  m.external_id = "x@y";
  const Message stored = *db_->messages().Insert(m);
  ASSERT_TRUE(db_->outbox().Enqueue(shop_.id, stored.id, 10));
  EXPECT_TRUE(db_->outbox().ClaimDue(5, 100, 10)->empty());    // not due yet
  EXPECT_EQ(db_->outbox().ClaimDue(10, 100, 10)->size(), 1u);  // claimed until 100
  EXPECT_TRUE(db_->outbox().ClaimDue(50, 150, 10)->empty());   // lease held
  auto again = db_->outbox().ClaimDue(100, 200, 10);           // lease expired: a crash
  ASSERT_EQ(again->size(), 1u);
  ASSERT_TRUE(db_->outbox().Complete(shop_.id, again->front().id));
  EXPECT_EQ(*db_->outbox().CountPending(), 0);
}

TEST_P(StoreTest, MailboxPollsAreClaimedByOneWorkerUntilDueAgain) {
  Channel polled = channel_;
  polled.name = "imap";
  polled.polled = true;
  const Channel created = *db_->channels().Create(polled);
  auto claim = [&](Timestamp now) {
    auto tx = db_->BeginWrite();
    auto claimed = db_->channels().ClaimDuePolls(now, now + 300, 10);
    EXPECT_TRUE(claimed) << claimed.error().ToString();
    EXPECT_TRUE((*tx)->Commit());
    return claimed ? claimed->size() : 0u;
  };
  EXPECT_EQ(claim(10), 1u);  // only the channel with an IMAP URL
  EXPECT_EQ(claim(20), 0u);  // leased until 310
  ASSERT_TRUE(db_->channels().SchedulePoll(shop_.id, created.id, 100));
  EXPECT_EQ(claim(99), 0u);
  EXPECT_EQ(claim(100), 1u);
  EXPECT_EQ(db_->channels().SchedulePoll(other_.id, created.id, 0).error().code,
            ErrorCode::kNotFound);
}

TEST_P(StoreTest, ReopeningAppliesNoMigrationTwice) {
  auto version = db_->SchemaVersion();
  ASSERT_TRUE(version);
  EXPECT_GE(*version, 2);
  if (GetParam() == "sqlite-memory") GTEST_SKIP() << "in-memory databases do not survive closing";
  db_.reset();
  auto reopened = OpenDatabase(url_);
  ASSERT_TRUE(reopened) << reopened.error().ToString();
  EXPECT_EQ(*(*reopened)->SchemaVersion(), *version);
  EXPECT_TRUE((*reopened)->shops().FindBySlug("a"));
}

TEST(OpenDatabaseTest, UnknownSchemesAreExplained) {
  auto r = OpenDatabase("mysql://x");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("sqlite:"), std::string::npos);
  EXPECT_FALSE(OpenDatabase("sqlite:"));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values("sqlite-memory", "sqlite-file", "postgresql"));

}  // namespace
}  // namespace shopdesk::store
