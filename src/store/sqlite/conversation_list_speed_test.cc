// The inbox query stays index-driven on SQLite: a page of 100,000 conversations costs
// about what a page of 100 does. A query that sorts the whole shop instead takes tens
// of milliseconds here, so a generous bound (sanitizer builds are slow) still catches
// a lost index.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "store/database.h"

namespace shopdesk::store {
namespace {

constexpr int kConversations = 100000;
constexpr int kCustomers = 1000;

class ConversationListSpeedTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto db = OpenDatabase("sqlite::memory:");
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = db->release();
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(tx);
    shop_ = db_->shops().Create({0, "speed", "Speed", "Asia/Tokyo", 1, {}})->id;
    const ShopId other = db_->shops().Create({0, "other", "Other", "Asia/Tokyo", 1, {}})->id;
    for (ShopId shop : {shop_, other}) {
      Agent agent;
      agent.shop_id = shop;
      agent.email = "agent@shop.example";
      const AgentId agent_id = db_->agents().Create(agent)->id;
      if (shop == shop_) agent_ = agent_id;
      Channel ch;
      ch.shop_id = shop;
      ch.name = "support";
      const ChannelId channel = db_->channels().Create(ch)->id;
      std::vector<CustomerId> customers;
      for (int i = 0; i < kCustomers; ++i) {
        customers.push_back(db_->customers()
                                .FindOrCreateByEmail(shop, "c" + std::to_string(i) + "@x.jp",
                                                     "客" + std::to_string(i), 1)
                                ->id);
      }
      // The other shop is smaller but interleaved, so its rows sit between ours.
      const int count = shop == shop_ ? kConversations : kConversations / 10;
      for (int i = 0; i < count; ++i) {
        Conversation c;
        c.shop_id = shop;
        c.channel_id = channel;
        c.customer_id = customers[static_cast<size_t>(i % kCustomers)];
        c.subject = "件名";
        c.status = i % 3 ? ConversationStatus::kOpen : ConversationStatus::kClosed;
        c.created_at = c.last_activity_at = 1000 + i / 2;
        if (i % 4) c.due_at = 5000 + (i * 7919) % 100000;
        if (i % 5 == 0) c.tags = {"返品"};
        if (i % 200 == 1) c.assignee_id = agent_id;  // about 330 open ones
        ASSERT_TRUE(db_->conversations().Create(c));
      }
    }
    ASSERT_TRUE((*tx)->Commit());
  }
  static void TearDownTestSuite() {
    delete db_;
    db_ = nullptr;
  }

  // The median time of one List call, in milliseconds.
  static double MedianMillis(const ConversationFilter& filter, size_t* rows) {
    std::vector<double> ms;
    for (int i = 0; i < 41; ++i) {
      const auto start = std::chrono::steady_clock::now();
      auto page = db_->conversations().List(shop_, filter);
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
      EXPECT_TRUE(page) << page.error().ToString();
      if (page) *rows = page->items.size();
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  }

  static void ExpectFast(const char* what, ConversationFilter filter) {
    size_t rows = 0;
    const double first = MedianMillis(filter, &rows);
    EXPECT_EQ(rows, 50u) << what;
    // A later page (through the cursor) must be as cheap as the first.
    auto page = db_->conversations().List(shop_, filter);
    ASSERT_TRUE(page);
    filter.cursor = page->next_cursor;
    for (int i = 0; i < 20 && !filter.cursor.empty(); ++i) {
      filter.cursor = db_->conversations().List(shop_, filter)->next_cursor;
    }
    const double later = MedianMillis(filter, &rows);
    std::printf("  %-34s first page %.3f ms, a later page %.3f ms\n", what, first, later);
    EXPECT_LT(first, 5.0) << what;
    EXPECT_LT(later, 5.0) << what;
  }

  static Database* db_;
  static ShopId shop_;
  static AgentId agent_;
};

Database* ConversationListSpeedTest::db_ = nullptr;
ShopId ConversationListSpeedTest::shop_ = 0;
AgentId ConversationListSpeedTest::agent_ = 0;

TEST_F(ConversationListSpeedTest, PagesCostTheSameAt100kConversations) {
  ConversationFilter open;
  open.status = ConversationStatus::kOpen;
  ExpectFast("open, newest first", open);
  ExpectFast("all, newest first", ConversationFilter{});
  ConversationFilter due = open;
  due.sort = ConversationFilter::Sort::kDueAt;
  ExpectFast("open, soonest due first", due);
  ConversationFilter all_due;
  all_due.sort = ConversationFilter::Sort::kDueAt;
  ExpectFast("all, soonest due first", all_due);
  ConversationFilter tagged = open;
  tagged.tag = "返品";
  ExpectFast("open with a tag, newest first", tagged);
  ConversationFilter unassigned = open;
  unassigned.unassigned_only = true;
  ExpectFast("open unassigned, newest first", unassigned);
  ConversationFilter mine = open;
  mine.assignee_id = agent_;
  ExpectFast("open of one agent, newest first", mine);
}

TEST_F(ConversationListSpeedTest, ThreadingLookupsAndCustomerPagesStayIndexed) {
  auto median = [](auto call) {
    std::vector<double> ms;
    for (int i = 0; i < 41; ++i) {
      const auto start = std::chrono::steady_clock::now();
      call();
      ms.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
  };
  auto& conversations = db_->conversations();
  const double order_miss =
      median([&] { EXPECT_FALSE(*conversations.FindOpenByOrderId(shop_, "250-0000000-0000000")); });
  const double subject_miss =
      median([&] { EXPECT_FALSE(*conversations.FindRecentBySubject(shop_, 1, "ない件名", 0)); });
  const double message_id_miss = median([&] {
    EXPECT_FALSE(*conversations.FindByMessageIds(shop_, {"a@x", "b@x", "c@x"}));
  });
  const double customers =
      median([&] { EXPECT_EQ(db_->customers().List(shop_, "", 500, 50)->size(), 50u); });
  std::printf(
      "  order miss %.3f ms, subject miss %.3f ms, Message-ID miss %.3f ms, "
      "customer page %.3f ms\n",
      order_miss, subject_miss, message_id_miss, customers);
  EXPECT_LT(order_miss, 5.0);
  EXPECT_LT(subject_miss, 5.0);
  EXPECT_LT(message_id_miss, 5.0);
  EXPECT_LT(customers, 5.0);
}

}  // namespace
}  // namespace shopdesk::store
