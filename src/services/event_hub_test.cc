// EventHub against a real shared database: a SQLite file, or the PostgreSQL server
// named by SHOPDESK_TEST_DB (make check runs this suite on both).
#include "services/event_hub.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <vector>

#include "services/admin_service.h"
#include "services/conversation_service.h"
#include "services/ingest_service.h"
#include "services/live_events.h"
#include "services/shop_settings.h"
#include "testing/fake_clock.h"
#include "testing/test_database.h"

namespace shopdesk::services {
namespace {

// Collects events delivered to one subscription.
class Inbox {
 public:
  EventHub::Listener Listener() {
    return [this](const LiveEvent& e) {
      std::lock_guard lock(mu_);
      events_.push_back(e);
      cv_.notify_all();
    };
  }
  // Waits (bounded) until `n` events arrived; returns what arrived.
  std::vector<LiveEvent> WaitFor(std::size_t n) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(10), [&] { return events_.size() >= n; });
    return events_;
  }
  std::vector<LiveEvent> Now() {
    std::lock_guard lock(mu_);
    return events_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<LiveEvent> events_;
};

class EventHubTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string env = testing::ServiceTestDatabaseUrl();
    if (env.rfind("postgresql://", 0) == 0) {
      url_ = env;
    } else {
      dir_ = std::filesystem::temp_directory_path() /
             ("shopdesk-hub-" + std::to_string(::getpid()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
      std::filesystem::create_directories(dir_);
      url_ = "sqlite:" + (dir_ / "hub.db").string();
    }
    auto db = testing::OpenEmptyDatabase(url_);
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    AdminService admin(*db_, clock_);
    shop_ = *admin.CreateShop("sakura", "さくら雑貨店");
    other_ = *admin.CreateShop("other", "他店");
    Channel channel;
    channel.shop_id = shop_.id;
    channel.name = "support";
    channel.address = "support@sakura.example";
    channel_ = *ShopSettings::CommandLine(*db_, clock_, shop_.id).AddChannel(channel);
    options_.sqlite_poll = std::chrono::milliseconds(20);
    options_.postgres_poll = std::chrono::milliseconds(500);
  }
  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string Mail(const std::string& id, const std::string& subject) {
    return "From: taro@example.jp\r\nTo: support@sakura.example\r\nMessage-ID: <" + id +
           ">\r\nSubject: " + subject +
           "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
           "Content-Transfer-Encoding: 8bit\r\n\r\n本文です\r\n";
  }

  testing::FakeClock clock_;
  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<store::Database> db_;
  Shop shop_, other_;
  Channel channel_;
  EventHubOptions options_;
};

TEST_F(EventHubTest, SubscribersGetTheirShopsEventsInOrderAndNoOneElses) {
  EventHub hub(url_, clock_, options_);
  hub.Start();
  Inbox mine, theirs;
  auto a = hub.Subscribe(shop_.id, mine.Listener());
  auto b = hub.Subscribe(other_.id, theirs.Listener());

  IngestService ingest(*db_, clock_);
  auto first = ingest.Ingest(channel_, Mail("m1@example.jp", "注文について"));
  ASSERT_TRUE(first) << first.error().ToString();
  ConversationService conversations(*db_, clock_);
  ASSERT_TRUE(
      conversations.ChangeStatus(shop_.id, first->conversation_id, ConversationStatus::kResolved));

  auto got = mine.WaitFor(3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].kind, LiveEventKind::kConversationCreated);
  EXPECT_EQ(got[1].kind, LiveEventKind::kMessageCreated);
  EXPECT_EQ(got[1].message_id, first->message_id);
  EXPECT_EQ(got[2].kind, LiveEventKind::kConversationUpdated);
  EXPECT_NE(got[2].data.find(R"("status":"resolved")"), std::string::npos) << got[2].data;
  EXPECT_LT(got[0].id, got[1].id);
  EXPECT_LT(got[1].id, got[2].id);
  EXPECT_TRUE(theirs.Now().empty()) << "another shop's subscriber saw shop 1's events";
  EXPECT_TRUE(hub.healthy());
}

TEST_F(EventHubTest, AnEndedSubscriptionIsNotCalledAgain) {
  EventHub hub(url_, clock_, options_);
  hub.Start();
  Inbox kept, dropped;
  auto keep = hub.Subscribe(shop_.id, kept.Listener());
  auto drop = hub.Subscribe(shop_.id, dropped.Listener());
  IngestService ingest(*db_, clock_);
  ASSERT_TRUE(ingest.Ingest(channel_, Mail("m1@example.jp", "一通目")));
  ASSERT_EQ(dropped.WaitFor(2).size(), 2u);
  drop.reset();
  ASSERT_TRUE(ingest.Ingest(channel_, Mail("m2@example.jp", "二通目")));
  ASSERT_EQ(kept.WaitFor(4).size(), 4u);
  EXPECT_EQ(dropped.Now().size(), 2u);
}

TEST_F(EventHubTest, EventsCommittedBeforeStartAreNotReplayed) {
  IngestService ingest(*db_, clock_);
  ASSERT_TRUE(ingest.Ingest(channel_, Mail("old@example.jp", "古い")));
  EventHub hub(url_, clock_, options_);
  Inbox inbox;
  auto s = hub.Subscribe(shop_.id, inbox.Listener());
  hub.Start();
  ASSERT_TRUE(ingest.Ingest(channel_, Mail("new@example.jp", "新しい")));
  auto got = inbox.WaitFor(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[0].data.find("新しい"), std::string::npos) << got[0].data;
}

TEST_F(EventHubTest, AnEventCommittedAfterALaterOneIsStillDeliveredOnce) {
  if (db_->backend() != "postgresql") GTEST_SKIP() << "SQLite commits in id order";
  EventHub hub(url_, clock_, options_);
  hub.Start();
  Inbox inbox;
  auto s = hub.Subscribe(shop_.id, inbox.Listener());
  store::OpenOptions open;
  open.migrate = false;
  auto late_db = store::OpenDatabase(url_, open);
  ASSERT_TRUE(late_db);
  LiveEvent e;
  e.shop_id = shop_.id;
  e.conversation_id = 1;
  e.created_at = clock_.Now();
  auto late_tx = (*late_db)->BeginWrite();
  ASSERT_TRUE(late_tx);
  auto late = (*late_db)->events().Append(e);  // takes the lower id, commits last
  ASSERT_TRUE(late);
  {
    auto tx = db_->BeginWrite();
    auto early = db_->events().Append(e);
    ASSERT_TRUE(early);
    ASSERT_GT(early->id, late->id);
    ASSERT_TRUE((*tx)->Commit());
  }
  ASSERT_EQ(inbox.WaitFor(1).size(), 1u);
  ASSERT_TRUE((*late_tx)->Commit());
  auto got = inbox.WaitFor(2);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].id, late->id);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // another round or two
  EXPECT_EQ(inbox.Now().size(), 2u) << "delivered once";
}

}  // namespace
}  // namespace shopdesk::services
