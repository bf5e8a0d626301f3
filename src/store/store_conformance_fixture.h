#pragma once

// The fixture of the store conformance suite (store_conformance_test.cc and
// conversation_conformance_test.cc): every case runs on every backend in kBackends,
// written only against the Database interface so the backends cannot drift.
// Adding a backend is one line in kBackends. Test-only.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "store/database.h"
#include "testing/test_database.h"

namespace shopdesk::store::conformance {

// One backend under test.
struct Backend {
  const char* name;
  // The URL of a fresh database under `dir`, or "" when the backend is not available
  // here (its cases are skipped).
  std::string (*url)(const std::filesystem::path& dir);
  // Whether OpenDatabase(url) again reaches the same data (a second connection).
  bool shared;
};

inline const Backend kBackends[] = {
    {"sqlite_memory", [](const std::filesystem::path&) { return std::string("sqlite::memory:"); },
     false},
    {"sqlite_file",
     [](const std::filesystem::path& dir) { return "sqlite:" + (dir / "t.db").string(); }, true},
    {"postgresql", [](const std::filesystem::path&) { return testing::TestPostgresUrl(); }, true},
};

inline void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param.name;
}

// "ok" or the error code's name, so a failed expectation prints something useful
// (and an unexpected success does not abort in Result::error()).
template <typename T>
std::string CodeOf(const Result<T>& r) {
  return r ? "ok" : std::string(ErrorCodeName(r.error().code));
}

// A database with two shops, a channel and a customer in the first.
class ConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("shopdesk-conformance-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(dir_);
    url_ = GetParam().url(dir_);
    if (url_.empty()) GTEST_SKIP() << "set SHOPDESK_TEST_POSTGRES_URL to run on PostgreSQL";
    auto db = testing::OpenEmptyDatabase(url_);
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    shop_ = *db_->shops().Create({0, "sakura", "さくら雑貨店", "Asia/Tokyo", 1, {}});
    other_ = *db_->shops().Create({0, "other", "Other", "Asia/Tokyo", 1, {}});
    channel_ = MakeChannel(shop_.id, "support");
    customer_ = *db_->customers().FindOrCreateByEmail(shop_.id, "taro@example.jp", "山田太郎", 1);
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A second connection to the same database. REQUIRES: GetParam().shared.
  std::unique_ptr<Database> Connect(int busy_timeout_ms = 10000) {
    OpenOptions options;
    options.busy_timeout_ms = busy_timeout_ms;
    auto db = OpenDatabase(url_, options);
    EXPECT_TRUE(db) << db.error().ToString();
    return db ? std::move(*db) : nullptr;
  }

  // An agent of the first shop (role agent).
  Agent MakeAgent(const std::string& email) {
    Agent a;
    a.shop_id = shop_.id;
    a.email = email;
    auto created = db_->agents().Create(a);
    EXPECT_TRUE(created) << created.error().ToString();
    return created ? *created : a;
  }

  Channel MakeChannel(ShopId shop, const std::string& name) {
    Channel c;
    c.shop_id = shop;
    c.name = name;
    c.address = name + "@sakura.example";
    c.created_at = 1;
    auto created = db_->channels().Create(c);
    EXPECT_TRUE(created) << created.error().ToString();
    return created ? *created : c;
  }

  Conversation NewConversation(Timestamp activity, std::optional<Timestamp> due = std::nullopt) {
    Conversation c;
    c.shop_id = shop_.id;
    c.channel_id = channel_.id;
    c.customer_id = customer_.id;
    c.subject = "Re: 返品について";
    c.normalized_subject = "返品について";
    c.created_at = activity;
    c.last_activity_at = activity;
    c.due_at = due;
    auto created = db_->conversations().Create(c);
    EXPECT_TRUE(created) << created.error().ToString();
    return created ? *created : c;
  }

  Message NewMessage(const Conversation& c, const std::string& external_id, ChannelId channel = 0) {
    Message m;
    m.shop_id = c.shop_id;
    m.conversation_id = c.id;
    m.channel_id = channel ? channel : c.channel_id;
    m.external_id = external_id;
    m.text = "本文";
    m.created_at = 10;
    auto stored = db_->messages().Insert(m);
    EXPECT_TRUE(stored) << stored.error().ToString();
    return stored ? *stored : m;
  }

  std::filesystem::path dir_;
  std::string url_;
  std::unique_ptr<Database> db_;
  Shop shop_, other_;
  Channel channel_;
  Customer customer_;
};

}  // namespace shopdesk::store::conformance
