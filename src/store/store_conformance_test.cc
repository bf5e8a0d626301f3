// Store conformance, part 1: shops, channels, agents and tokens, customers, blobs, the
// outbox and transactions, on every backend (store_conformance_fixture.h). Part 2,
// conversations and messages, is conversation_conformance_test.cc.
#include <algorithm>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "store/store_conformance_fixture.h"

namespace shopdesk::store::conformance {
namespace {

using StoreConformanceTest = ConformanceTest;

TEST_P(StoreConformanceTest, ShopsAreCreatedFoundAndListed) {
  EXPECT_GT(shop_.id, 0);
  EXPECT_NE(shop_.id, other_.id);
  auto found = db_->shops().Find(shop_.id);
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->slug, "sakura");
  EXPECT_EQ(found->name, "さくら雑貨店");
  EXPECT_EQ(found->time_zone, "Asia/Tokyo");
  EXPECT_EQ(found->created_at, 1);
  EXPECT_EQ(db_->shops().FindBySlug("other")->id, other_.id);
  EXPECT_EQ(CodeOf(db_->shops().Find(other_.id + 1000)), "not_found");
  EXPECT_EQ(CodeOf(db_->shops().FindBySlug("nope")), "not_found");
  EXPECT_EQ(CodeOf(db_->shops().Create({0, "sakura", "again", "UTC", 1, {}})), "conflict");
  auto all = db_->shops().List();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, shop_.id);
  EXPECT_EQ((*all)[1].id, other_.id);
}

TEST_P(StoreConformanceTest, ChannelsKeepEverySettingAndTheirHealth) {
  Channel c;
  c.shop_id = shop_.id;
  c.kind = "amazon";
  c.name = "amazon";
  c.address = "shop@marketplace.amazon.co.jp";
  c.display_name = "さくら";
  c.settings.values = {{"imap_url", "imaps://imap.example:993/INBOX"},
                       {"smtp_user", "su"},
                       {"note", "日本語の設定"}};
  c.settings.secrets = {{"imap_password", "p1"}, {"smtp_password", "p2\"{}"}};
  c.polled = true;
  c.created_at = 7;
  const Channel created = *db_->channels().Create(c);
  auto found = db_->channels().FindByName(shop_.id, "amazon");
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->id, created.id);
  EXPECT_EQ(found->kind, "amazon");
  EXPECT_EQ(found->display_name, "さくら");
  EXPECT_EQ(found->settings, c.settings) << "the adapter's document and its secrets, apart";
  EXPECT_TRUE(found->polled);
  EXPECT_TRUE(found->healthy);
  EXPECT_EQ(found->created_at, 7);

  ASSERT_TRUE(db_->channels().UpdateHealth(shop_.id, created.id, false, "login failed",
                                           "mail.login_refused", 99));
  found = db_->channels().Find(shop_.id, created.id);
  EXPECT_FALSE(found->healthy);
  EXPECT_EQ(found->last_error, "login failed");
  EXPECT_EQ(found->last_error_reason, "mail.login_refused");
  EXPECT_EQ(found->last_checked_at, 99);
  auto list = db_->channels().List(shop_.id);
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].id, channel_.id);  // by id

  EXPECT_EQ(CodeOf(db_->channels().Find(shop_.id, created.id + 1000)), "not_found");
  EXPECT_EQ(CodeOf(db_->channels().FindByName(other_.id, "amazon")), "not_found");
  EXPECT_EQ(CodeOf(db_->channels().UpdateHealth(other_.id, created.id, true, "", "", 1)),
            "not_found");
  EXPECT_EQ(db_->channels().Find(shop_.id, created.id)->last_error, "login failed");

  EXPECT_EQ(CodeOf(db_->channels().Create(c)), "conflict");
  c.shop_id = other_.id;  // the same name in another shop is another channel
  EXPECT_TRUE(db_->channels().Create(c));
  EXPECT_EQ(db_->channels().List(shop_.id)->size(), 2u);
}

TEST_P(StoreConformanceTest, MailboxPollsAreClaimedAcrossShopsUntilRescheduled) {
  Channel polled;
  polled.name = "imap";
  polled.polled = true;
  polled.shop_id = shop_.id;
  const Channel mine = *db_->channels().Create(polled);
  polled.shop_id = other_.id;
  const Channel theirs = *db_->channels().Create(polled);
  ASSERT_TRUE(db_->channels().SchedulePoll(other_.id, theirs.id, 5));
  auto claim = [&](Timestamp now, int limit) {
    std::vector<ChannelId> ids;
    auto tx = db_->BeginWrite();
    auto claimed = db_->channels().ClaimDuePolls(now, now + 300, limit);
    EXPECT_TRUE(claimed) << claimed.error().ToString();
    EXPECT_TRUE((*tx)->Commit());
    if (claimed) {
      for (const auto& c : *claimed) ids.push_back(c.id);
    }
    return ids;
  };
  using Ids = std::vector<ChannelId>;
  EXPECT_EQ(claim(4, 10), Ids{mine.id});  // only channels with an IMAP URL, only due ones
  EXPECT_EQ(claim(10, 10), Ids{theirs.id});
  EXPECT_TRUE(claim(20, 10).empty());  // both leased until 300+
  ASSERT_TRUE(db_->channels().SchedulePoll(shop_.id, mine.id, 100));
  ASSERT_TRUE(db_->channels().SchedulePoll(other_.id, theirs.id, 100));
  EXPECT_TRUE(claim(99, 10).empty());
  EXPECT_EQ(claim(100, 1).size(), 1u);  // the limit holds
  EXPECT_EQ(claim(100, 1).size(), 1u);
  EXPECT_TRUE(claim(100, 1).empty());
  EXPECT_EQ(CodeOf(db_->channels().SchedulePoll(other_.id, mine.id, 0)), "not_found");
}

TEST_P(StoreConformanceTest, AgentsAndTheirTokens) {
  Agent a;
  a.shop_id = shop_.id;
  a.email = "hanako@sakura.example";
  a.name = "花子";
  a.role = Role::kAdmin;
  a.created_at = 3;
  const Agent created = *db_->agents().Create(a);
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(db_->agents().Find(shop_.id, created.id)->name, "花子");
  EXPECT_EQ(db_->agents().FindByEmail(shop_.id, a.email)->role, Role::kAdmin);
  EXPECT_EQ(db_->agents().List(shop_.id)->size(), 1u);
  EXPECT_EQ(CodeOf(db_->agents().Create(a)), "conflict");
  a.shop_id = other_.id;  // the same address in another shop is another agent
  const Agent elsewhere = *db_->agents().Create(a);

  const std::string hash(64, 'a');
  ASSERT_TRUE(db_->agents().AddToken(shop_.id, created.id, hash, 5));
  auto owner = db_->agents().FindByTokenHash(hash);
  ASSERT_TRUE(owner) << owner.error().ToString();
  EXPECT_EQ(owner->id, created.id);
  EXPECT_EQ(owner->shop_id, shop_.id);
  EXPECT_EQ(CodeOf(db_->agents().AddToken(other_.id, elsewhere.id, hash, 5)), "conflict");
  EXPECT_EQ(CodeOf(db_->agents().FindByTokenHash(std::string(64, 'b'))), "not_found");
  // Another shop's agent id never gets a token in this shop.
  EXPECT_EQ(CodeOf(db_->agents().AddToken(shop_.id, elsewhere.id, std::string(64, 'c'), 5)),
            "not_found");
  EXPECT_EQ(CodeOf(db_->agents().Find(other_.id, created.id)), "not_found");
  EXPECT_EQ(CodeOf(db_->agents().FindByEmail(other_.id, "nobody@x")), "not_found");
}

TEST_P(StoreConformanceTest, CustomersAreFoundOrCreatedByEmail) {
  auto again = db_->customers().FindOrCreateByEmail(shop_.id, "taro@example.jp", "", 2);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, customer_.id);
  EXPECT_EQ(again->name, "山田太郎");  // an empty name never replaces a stored one
  EXPECT_EQ(again->created_at, 1);
  auto renamed = db_->customers().FindOrCreateByEmail(shop_.id, "taro@example.jp", "別名", 2);
  EXPECT_EQ(renamed->name, "山田太郎");  // nor does another non-empty one
  auto nameless = *db_->customers().FindOrCreateByEmail(shop_.id, "anon@example.jp", "", 3);
  EXPECT_EQ(nameless.name, "");
  auto named = db_->customers().FindOrCreateByEmail(shop_.id, "anon@example.jp", "匿名", 4);
  EXPECT_EQ(named->id, nameless.id);
  EXPECT_EQ(db_->customers().Find(shop_.id, nameless.id)->name, "匿名");

  Customer c = *db_->customers().Find(shop_.id, customer_.id);
  c.name = "山田 太郎";
  ASSERT_TRUE(db_->customers().Update(c));
  EXPECT_EQ(db_->customers().Find(shop_.id, c.id)->name, "山田 太郎");
  c.shop_id = other_.id;
  EXPECT_EQ(CodeOf(db_->customers().Update(c)), "not_found");
  EXPECT_EQ(CodeOf(db_->customers().Find(other_.id, customer_.id)), "not_found");
  // The same address in another shop is another customer.
  EXPECT_NE(db_->customers().FindOrCreateByEmail(other_.id, "taro@example.jp", "", 1)->id,
            customer_.id);
}

// A channel's own identity finds its customer first; on first contact it joins the
// customer with the address, and stays with them when the address changes.
TEST_P(StoreConformanceTest, CustomersAreKnownByTheirIdentities) {
  const CustomerIdentity site{"web", "user-77"};
  auto first = db_->customers().FindOrCreateByIdentity(shop_.id, site, "taro@example.jp", "", 5);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->id, customer_.id) << "joined the customer with the address";
  auto moved = db_->customers().FindOrCreateByIdentity(shop_.id, site, "taro@new.example", "", 6);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->id, customer_.id) << "a new address, the same person";
  EXPECT_EQ(moved->email, "taro@example.jp");
  auto fresh = db_->customers().FindOrCreateByIdentity(shop_.id, {"web", "user-78"},
                                                       "hanako@example.jp", "花子", 7);
  ASSERT_TRUE(fresh);
  EXPECT_NE(fresh->id, customer_.id);
  EXPECT_EQ(fresh->name, "花子");
  auto by_email = db_->customers().FindOrCreateByIdentity(
      shop_.id, {kEmailIdentity, "hanako@example.jp"}, "ignored@example.jp", "", 8);
  EXPECT_EQ(by_email->id, fresh->id) << "an e-mail identity is the address";
  auto identities = db_->customers().Identities(shop_.id, customer_.id);
  ASSERT_TRUE(identities);
  EXPECT_EQ(*identities,
            (std::vector<CustomerIdentity>{{kEmailIdentity, "taro@example.jp"}, site}));
  // Another shop knows none of them: the same identity there is another customer.
  EXPECT_EQ(CodeOf(db_->customers().Identities(other_.id, customer_.id)), "not_found");
  auto theirs = db_->customers().FindOrCreateByIdentity(other_.id, site, "taro@example.jp", "", 9);
  ASSERT_TRUE(theirs);
  EXPECT_NE(theirs->id, customer_.id);
  EXPECT_EQ(db_->customers().Identities(other_.id, theirs->id)->size(), 2u);
}

TEST_P(StoreConformanceTest, CustomerListSearchesAndPages) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(db_->customers().FindOrCreateByEmail(
        shop_.id, "buyer" + std::to_string(i) + "@shop.example", "佐藤" + std::to_string(i), 1));
  }
  auto ids = [](const Result<std::vector<Customer>>& r) {
    std::vector<CustomerId> out;
    for (const auto& c : *r) out.push_back(c.id);
    return out;
  };
  auto all = db_->customers().List(shop_.id, "", 0, 100);
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 6u);
  const std::vector<CustomerId> all_ids = ids(all);
  EXPECT_TRUE(std::is_sorted(all_ids.begin(), all_ids.end()));
  EXPECT_EQ(db_->customers().List(shop_.id, "佐藤", 0, 100)->size(), 5u);
  EXPECT_EQ(db_->customers().List(shop_.id, "太郎", 0, 100)->size(), 1u);
  EXPECT_EQ(db_->customers().List(shop_.id, "BUYER3", 0, 100)->size(), 1u);  // e-mail, any case
  std::vector<CustomerId> paged;
  for (CustomerId after = 0;;) {
    auto page = db_->customers().List(shop_.id, "", after, 4);
    ASSERT_TRUE(page);
    if (page->empty()) break;
    EXPECT_LE(page->size(), 4u);
    for (const auto& c : *page) paged.push_back(c.id);
    after = page->back().id;
  }
  EXPECT_EQ(paged, all_ids);
  EXPECT_TRUE(db_->customers().List(other_.id, "", 0, 100)->empty());
}

TEST_P(StoreConformanceTest, BlobsAreBinarySafeAndPerShop) {
  std::string bytes;
  for (int i = 0; i < 300000; ++i) bytes.push_back(static_cast<char>(i * 7 % 256));
  ASSERT_TRUE(db_->blobs().Put(shop_.id, "h", bytes));
  ASSERT_TRUE(db_->blobs().Put(shop_.id, "h", bytes));  // idempotent
  ASSERT_TRUE(db_->blobs().Put(shop_.id, "empty", ""));
  EXPECT_EQ(*db_->blobs().Get(shop_.id, "h"), bytes);
  EXPECT_EQ(*db_->blobs().Get(shop_.id, "empty"), "");
  EXPECT_EQ(CodeOf(db_->blobs().Get(shop_.id, "missing")), "not_found");
  EXPECT_EQ(CodeOf(db_->blobs().Get(other_.id, "h")), "not_found");
  ASSERT_TRUE(db_->blobs().Put(other_.id, "h", "theirs"));
  EXPECT_EQ(*db_->blobs().Get(other_.id, "h"), "theirs");
  EXPECT_EQ(*db_->blobs().Get(shop_.id, "h"), bytes);
}

TEST_P(StoreConformanceTest, OutboxJobsAreRescheduledAbandonedAndScopedByShop) {
  const Conversation c = NewConversation(1);
  const Message m = NewMessage(c, "out-1@sakura.example");
  const OutboxJob job = *db_->outbox().Enqueue(shop_.id, m.id, 10);
  EXPECT_GT(job.id, 0);
  EXPECT_EQ(job.message_id, m.id);
  EXPECT_EQ(*db_->outbox().CountPending(), 1);
  ASSERT_EQ(db_->outbox().ClaimDue(10, 40, 5)->size(), 1u);
  // A failed attempt: the lease is released and the job waits until run_at.
  ASSERT_TRUE(db_->outbox().Reschedule(shop_.id, job.id, 1, 30, "421 try later"));
  EXPECT_TRUE(db_->outbox().ClaimDue(29, 100, 5)->empty());
  auto claimed = db_->outbox().ClaimDue(30, 100, 5);
  ASSERT_EQ(claimed->size(), 1u);
  EXPECT_EQ(claimed->front().attempts, 1);
  EXPECT_EQ(claimed->front().last_error, "421 try later");
  EXPECT_EQ(claimed->front().locked_until, 100);
  EXPECT_EQ(claimed->front().shop_id, shop_.id);

  EXPECT_EQ(CodeOf(db_->outbox().Complete(other_.id, job.id)), "not_found");
  EXPECT_EQ(CodeOf(db_->outbox().Abandon(other_.id, job.id)), "not_found");
  EXPECT_EQ(CodeOf(db_->outbox().Reschedule(other_.id, job.id, 2, 1, "")), "not_found");
  ASSERT_TRUE(db_->outbox().Abandon(shop_.id, job.id));
  EXPECT_EQ(CodeOf(db_->outbox().Complete(shop_.id, job.id)), "not_found");
  EXPECT_EQ(*db_->outbox().CountPending(), 0);
}

TEST_P(StoreConformanceTest, OutboxAttemptsStartOnlyUnderTheClaimStillHeld) {
  const Conversation c = NewConversation(1);
  const Message m = NewMessage(c, "attempt-1@sakura.example");
  const OutboxJob job = *db_->outbox().Enqueue(shop_.id, m.id, 10);
  ASSERT_EQ(db_->outbox().ClaimDue(10, 40, 5)->size(), 1u);  // worker A, lease until 40
  ASSERT_EQ(db_->outbox().ClaimDue(40, 70, 5)->size(), 1u);  // A's lease ended: B claims
  // A, still busy with earlier jobs of its batch, must not send this one too.
  EXPECT_EQ(CodeOf(db_->outbox().StartAttempt(shop_.id, job.id, 40, 90, "in progress")),
            "not_found");
  ASSERT_TRUE(db_->outbox().StartAttempt(shop_.id, job.id, 70, 100, "in progress"));
  EXPECT_TRUE(db_->outbox().ClaimDue(99, 200, 5)->empty());  // the attempt's own lease
  auto again = db_->outbox().ClaimDue(100, 200, 5);          // B died during its attempt
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ(again->front().attempts, 1);
  EXPECT_EQ(again->front().last_error, "in progress");
  EXPECT_EQ(CodeOf(db_->outbox().StartAttempt(other_.id, job.id, 200, 300, "x")), "not_found");
  ASSERT_TRUE(db_->outbox().StartAttempt(shop_.id, job.id, 200, 300, "in progress"));
  // An outcome overwrites the note and releases the claim.
  ASSERT_TRUE(db_->outbox().Reschedule(shop_.id, job.id, 2, 300, "421 try later"));
  EXPECT_EQ(CodeOf(db_->outbox().StartAttempt(shop_.id, job.id, 300, 400, "x")), "not_found");
  auto retried = db_->outbox().ClaimDue(300, 400, 5);
  ASSERT_EQ(retried->size(), 1u);
  EXPECT_EQ(retried->front().attempts, 2);
  EXPECT_EQ(retried->front().last_error, "421 try later");
}

TEST_P(StoreConformanceTest, OutboxClaimsDueJobsOldestFirstUpToTheLimit) {
  const Conversation c = NewConversation(1);
  std::vector<OutboxJobId> ids;
  for (int i = 0; i < 5; ++i) {
    const Message m = NewMessage(c, "m" + std::to_string(i) + "@x");
    ids.push_back(db_->outbox().Enqueue(shop_.id, m.id, 50 - i)->id);
  }
  auto first = db_->outbox().ClaimDue(100, 200, 2);
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[0].id, ids[4]);  // run_at 46
  EXPECT_EQ((*first)[1].id, ids[3]);
  EXPECT_EQ(db_->outbox().ClaimDue(100, 200, 10)->size(), 3u);
  EXPECT_TRUE(db_->outbox().ClaimDue(199, 300, 10)->empty());
}

TEST_P(StoreConformanceTest, ConcurrentClaimersNeverShareAJob) {
  if (!GetParam().shared) GTEST_SKIP() << "needs a second connection";
  const Conversation c = NewConversation(1);
  constexpr int kJobs = 120;
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_TRUE(db_->outbox().Enqueue(shop_.id, NewMessage(c, std::to_string(i) + "@x").id, 1));
  }
  std::mutex mu;
  std::vector<OutboxJobId> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    auto db = Connect();
    ASSERT_TRUE(db);
    workers.emplace_back([&, db = std::move(db)] {
      for (int idle = 0; idle < 3;) {
        auto tx = db->BeginWrite();
        ASSERT_TRUE(tx) << tx.error().ToString();
        auto jobs = db->outbox().ClaimDue(5, 1000, 7);
        ASSERT_TRUE(jobs) << jobs.error().ToString();
        ASSERT_TRUE((*tx)->Commit());
        idle = jobs->empty() ? idle + 1 : 0;
        std::lock_guard lock(mu);
        for (const auto& j : *jobs) claimed.push_back(j.id);
      }
    });
  }
  for (auto& t : workers) t.join();
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(std::set<OutboxJobId>(claimed.begin(), claimed.end()).size(),
            static_cast<size_t>(kJobs));
}

TEST_P(StoreConformanceTest, CommittedWritesReachOtherConnectionsAndRolledBackOnesDoNot) {
  if (!GetParam().shared) GTEST_SKIP() << "needs a second connection";
  auto reader = Connect();
  ASSERT_TRUE(reader);
  {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(tx);
    ASSERT_TRUE(db_->shops().Create({0, "dropped", "D", "UTC", 1, {}}));
    EXPECT_EQ(CodeOf(reader->shops().FindBySlug("dropped")), "not_found");  // not yet visible
  }
  EXPECT_EQ(CodeOf(reader->shops().FindBySlug("dropped")), "not_found");
  {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(db_->shops().Create({0, "kept", "K", "UTC", 1, {}}));
    auto done = (*tx)->Commit();
    ASSERT_TRUE(done) << done.error().ToString();
  }
  EXPECT_TRUE(reader->shops().FindBySlug("kept"));
}

TEST_P(StoreConformanceTest, ReadTransactionsSeeOneSnapshot) {
  if (!GetParam().shared) GTEST_SKIP() << "needs a second connection";
  auto writer = Connect();
  ASSERT_TRUE(writer);
  {
    auto tx = db_->BeginRead();
    ASSERT_TRUE(tx) << tx.error().ToString();
    ASSERT_EQ(db_->shops().List()->size(), 2u);
    ASSERT_TRUE(writer->shops().Create({0, "later", "L", "UTC", 1, {}}));  // autocommit
    EXPECT_EQ(db_->shops().List()->size(), 2u);
    EXPECT_EQ(CodeOf(db_->shops().FindBySlug("later")), "not_found");
    ASSERT_TRUE((*tx)->Commit());
  }
  EXPECT_EQ(db_->shops().List()->size(), 3u);
}

TEST_P(StoreConformanceTest, ForeignKeysAreEnforced) {
  Conversation c;
  c.shop_id = shop_.id;
  c.channel_id = channel_.id + 1000;  // no such channel
  c.customer_id = customer_.id;
  EXPECT_EQ(CodeOf(db_->conversations().Create(c)), "conflict");
  EXPECT_EQ(CodeOf(db_->outbox().Enqueue(shop_.id, 424242, 1)), "conflict");
}

TEST_P(StoreConformanceTest, ReportsItsBackendAndAnswersPings) {
  EXPECT_EQ(db_->backend(),
            std::string_view(GetParam().name).substr(0, 6) == "sqlite" ? "sqlite" : "postgresql");
  EXPECT_TRUE(db_->Ping());
  auto version = db_->SchemaVersion();
  ASSERT_TRUE(version);
  EXPECT_GE(*version, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConformanceTest, ::testing::ValuesIn(kBackends),
                         BackendName);

}  // namespace
}  // namespace shopdesk::store::conformance
