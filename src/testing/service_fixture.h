#pragma once

// A real in-memory SQLite database with one shop, an e-mail channel and an owner,
// plus a second shop for isolation checks. Test-only.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "services/admin_service.h"
#include "store/database.h"
#include "testing/fake_clock.h"
#include "testing/test_database.h"

namespace shopdesk::testing {

class ServiceFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = OpenEmptyDatabase(ServiceTestDatabaseUrl());
    ASSERT_TRUE(db) << db.error().ToString();
    db_ = std::move(*db);
    services::AdminService admin(*db_, clock_);
    auto shop = admin.CreateShop("sakura", "さくら雑貨店");
    ASSERT_TRUE(shop) << shop.error().ToString();
    shop_ = *shop;
    Channel channel;
    channel.shop_id = shop_.id;
    channel.name = "support";
    channel.address = "support@sakura.example";
    channel.display_name = "さくら雑貨店";
    channel.settings.values["smtp_url"] = "smtp://127.0.0.1:1";  // nothing listens: sends fail
    channel.created_at = clock_.Now();
    // Straight through the repositories: the set-up leaves no audit entries behind.
    auto created = db_->channels().Create(channel);
    ASSERT_TRUE(created) << created.error().ToString();
    channel_ = *created;
    auto owner = db_->agents().Create(
        {shop_.id, 0, "hanako@sakura.example", "桜井 花子", Role::kOwner, clock_.Now()});
    ASSERT_TRUE(owner) << owner.error().ToString();
    owner_ = *owner;

    auto other = admin.CreateShop("other", "他店");
    ASSERT_TRUE(other);
    other_shop_ = *other;
    Channel other_channel = channel;
    other_channel.shop_id = other_shop_.id;
    auto oc = db_->channels().Create(other_channel);
    ASSERT_TRUE(oc);
    other_channel_ = *oc;
  }

  // A minimal UTF-8 mail. `extra_headers` are inserted verbatim (end each with \r\n).
  static std::string Mail(const std::string& from, const std::string& subject,
                          const std::string& body, const std::string& message_id,
                          const std::string& extra_headers = "") {
    std::string m = "From: " + from + "\r\nTo: support@sakura.example\r\n";
    if (!message_id.empty()) m += "Message-ID: <" + message_id + ">\r\n";
    m += "Subject: " + subject + "\r\nDate: Sun, 23 Nov 2025 09:00:00 +0900\r\n" + extra_headers +
         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: 8bit\r\n\r\n" +
         body + "\r\n";
    return m;
  }

  FakeClock clock_;
  std::unique_ptr<store::Database> db_;
  Shop shop_, other_shop_;
  Channel channel_, other_channel_;
  Agent owner_;
};

}  // namespace shopdesk::testing
