#include "http/live/presence_board.h"

#include <gtest/gtest.h>

#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

namespace shopdesk::http {
namespace {

using nlohmann::json;

constexpr Timestamp kStart = 1'763'856'000'000;  // 2025-11-23T00:00:00Z

// Records what the board sends.
class FakeConnection final : public WebSocketConnection {
 public:
  void SendText(std::string text) override {
    std::lock_guard lock(mu_);
    sent_.push_back(json::parse(text));
  }
  void Close(std::string) override {}

  // Everything sent since the last call.
  std::vector<json> Take() {
    std::lock_guard lock(mu_);
    return std::exchange(sent_, {});
  }

 private:
  std::mutex mu_;
  std::vector<json> sent_;
};

Agent MakeAgent(ShopId shop, AgentId id, std::string name) {
  Agent a;
  a.shop_id = shop;
  a.id = id;
  a.name = std::move(name);
  a.email = "agent" + std::to_string(id) + "@example.jp";
  return a;
}

std::string Presence(std::int64_t conversation, std::string_view state) {
  return json{{"type", "presence"}, {"conversation_id", conversation}, {"state", state}}.dump();
}

struct Client {
  std::shared_ptr<FakeConnection> connection = std::make_shared<FakeConnection>();
  std::unique_ptr<PresenceBoard::Member> member;
};

class PresenceBoardTest : public ::testing::Test {
 protected:
  Client Join(ShopId shop, AgentId id, std::string name, Timestamp now = kStart) {
    Client c;
    c.member = board_.Join(MakeAgent(shop, id, std::move(name)), c.connection, now);
    return c;
  }

  PresenceBoard board_;
};

TEST_F(PresenceBoardTest, RelaysToTheOtherConnectionsOfTheShopOnly) {
  Client sato = Join(1, 3, "佐藤");
  Client suzuki = Join(1, 4, "鈴木");
  Client suzuki_tab = Join(1, 4, "鈴木");
  Client other_shop = Join(2, 9, "他店");
  EXPECT_EQ(board_.ConnectionCount(1), 3u);

  sato.member->Receive(Presence(12, "typing"), kStart + 1500);
  const json expected = {{"type", "presence"}, {"conversation_id", 12},
                         {"agent_id", 3},      {"agent_name", "佐藤"},
                         {"state", "typing"},  {"at", "2025-11-23T00:00:01.500Z"}};
  EXPECT_EQ(suzuki.connection->Take(), std::vector<json>{expected});
  EXPECT_EQ(suzuki_tab.connection->Take(), std::vector<json>{expected});
  EXPECT_TRUE(sato.connection->Take().empty()) << "never echoed to the sender";
  EXPECT_TRUE(other_shop.connection->Take().empty()) << "never to another shop";
}

TEST_F(PresenceBoardTest, ForwardsEveryStateAndRefresh) {
  Client a = Join(1, 3, "佐藤");
  Client b = Join(1, 4, "鈴木");
  for (const char* state : {"viewing", "viewing", "typing", "viewing", "left"}) {
    a.member->Receive(Presence(7, state), kStart);
  }
  std::vector<std::string> states;
  for (const auto& m : b.connection->Take()) states.push_back(m["state"]);
  EXPECT_EQ(states, (std::vector<std::string>{"viewing", "viewing", "typing", "viewing", "left"}));
}

TEST_F(PresenceBoardTest, AgentWithoutANameIsNamedByEmail) {
  Client a = Join(1, 3, "");
  Client b = Join(1, 4, "鈴木");
  a.member->Receive(Presence(7, "viewing"), kStart);
  EXPECT_EQ(b.connection->Take().at(0)["agent_name"], "agent3@example.jp");
}

TEST_F(PresenceBoardTest, InvalidMessagesAreIgnored) {
  Client a = Join(1, 3, "佐藤");
  Client b = Join(1, 4, "鈴木");
  const std::string padded = R"({"type":"presence","conversation_id":12,"state":"viewing","x":")" +
                             std::string(1000, 'x') + "\"}";
  ASSERT_GT(padded.size(), PresenceBoard::kMaxMessageBytes);
  Timestamp now = kStart;
  for (const std::string& text : std::vector<std::string>{
           "",
           "not json",
           "{\"type\":\"presence\"",
           "[1,2]",
           "\"presence\"",
           R"({"type":"typing","conversation_id":12,"state":"typing"})",
           R"({"conversation_id":12,"state":"typing"})",
           R"({"type":"presence","state":"typing"})",
           R"({"type":"presence","conversation_id":0,"state":"typing"})",
           R"({"type":"presence","conversation_id":-5,"state":"typing"})",
           R"({"type":"presence","conversation_id":1.5,"state":"typing"})",
           R"({"type":"presence","conversation_id":"12","state":"typing"})",
           R"({"type":"presence","conversation_id":true,"state":"typing"})",
           R"({"type":"presence","conversation_id":99999999999999999999,"state":"typing"})",
           R"({"type":"presence","conversation_id":12,"state":"sleeping"})",
           R"({"type":"presence","conversation_id":12,"state":1})",
           R"({"type":"presence","conversation_id":12})",
           padded,
           std::string(R"({"type":"presence","conversation_id":12,"state":"typing"})") + '\0',
           "\xff\xfe{}",
       }) {
    now += 1000;  // within the rate limit
    a.member->Receive(text, now);
    EXPECT_TRUE(b.connection->Take().empty()) << text;
  }
  // Unknown extra fields are fine (clients may add some later).
  a.member->Receive(R"({"type":"presence","conversation_id":12,"state":"typing","draft":1})", now);
  EXPECT_EQ(b.connection->Take().size(), 1u);
}

TEST_F(PresenceBoardTest, AtMostTwentyMessagesASecondPerConnection) {
  Client a = Join(1, 3, "佐藤");
  Client b = Join(1, 4, "鈴木");
  Client c = Join(1, 5, "高橋");
  for (int i = 0; i < 100; ++i) a.member->Receive(Presence(1 + i, "viewing"), kStart);
  EXPECT_EQ(b.connection->Take().size(), 20u);
  // Invalid messages count too: they cost the parse.
  for (int i = 0; i < 5; ++i) a.member->Receive("junk", kStart + 250);
  a.member->Receive(Presence(500, "viewing"), kStart + 250);
  EXPECT_TRUE(b.connection->Take().empty()) << "5 tokens refilled, all spent on junk";
  // Another connection has its own budget.
  c.member->Receive(Presence(9, "viewing"), kStart);
  EXPECT_EQ(b.connection->Take().size(), 1u);
  // A second later the bucket is full again, and no fuller.
  for (int i = 0; i < 30; ++i) a.member->Receive(Presence(600, "typing"), kStart + 5000);
  EXPECT_EQ(b.connection->Take().size(), 20u);
}

TEST_F(PresenceBoardTest, LeavingTellsTheOthersForEveryConversation) {
  Client a = Join(1, 3, "佐藤");
  Client b = Join(1, 4, "鈴木");
  a.member->Receive(Presence(12, "viewing"), kStart);
  a.member->Receive(Presence(13, "typing"), kStart);
  a.member->Receive(Presence(14, "viewing"), kStart);
  a.member->Receive(Presence(14, "left"), kStart);
  b.connection->Take();
  a.member->Leave(kStart + 2000);
  a.member->Leave(kStart + 3000);  // idempotent
  std::vector<std::pair<std::int64_t, std::string>> got;
  for (const auto& m : b.connection->Take()) {
    EXPECT_EQ(m["agent_id"], 3);
    EXPECT_EQ(m["at"], "2025-11-23T00:00:02.000Z");
    got.emplace_back(m["conversation_id"], m["state"]);
  }
  EXPECT_EQ(got, (std::vector<std::pair<std::int64_t, std::string>>{{12, "left"}, {13, "left"}}));
  EXPECT_EQ(board_.ConnectionCount(1), 1u);
  a.member->Receive(Presence(12, "viewing"), kStart + 4000);
  EXPECT_TRUE(b.connection->Take().empty()) << "a left member sends nothing";
}

TEST_F(PresenceBoardTest, DestroyingAMemberForgetsItSilently) {
  Client a = Join(1, 3, "佐藤");
  Client b = Join(1, 4, "鈴木");
  a.member->Receive(Presence(12, "viewing"), kStart);
  b.connection->Take();
  a.member.reset();
  EXPECT_TRUE(b.connection->Take().empty());
  EXPECT_EQ(board_.ConnectionCount(1), 1u);
  b.member.reset();
  EXPECT_EQ(board_.ConnectionCount(1), 0u);
}

TEST_F(PresenceBoardTest, UnrefreshedPresenceExpires) {
  Client a = Join(1, 3, "佐藤");
  Client b = Join(1, 4, "鈴木");
  a.member->Receive(Presence(12, "viewing"), kStart);
  a.member->Receive(Presence(13, "viewing"), kStart);
  b.connection->Take();
  // 13 is refreshed every 10 s, 12 is not.
  a.member->Receive(Presence(13, "viewing"), kStart + 10'000);
  a.member->Receive(Presence(13, "viewing"), kStart + 20'000);
  b.connection->Take();
  b.member->Receive(Presence(40, "viewing"), kStart + PresenceBoard::kExpiry);
  const auto got = b.connection->Take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["conversation_id"], 12);
  EXPECT_EQ(got[0]["state"], "left");
  EXPECT_EQ(got[0]["agent_id"], 3);
  EXPECT_EQ(a.connection->Take().size(), 1u) << "a sees b's viewing 40";
  // What expired is not "left" again on close.
  a.member->Leave(kStart + PresenceBoard::kExpiry + 1);
  const auto left = b.connection->Take();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0]["conversation_id"], 13);
}

TEST_F(PresenceBoardTest, ANewConnectionGetsTheCurrentPresenceOfTheOthers) {
  Client a = Join(1, 3, "佐藤");
  a.member->Receive(Presence(12, "typing"), kStart + 1000);
  a.member->Receive(Presence(13, "viewing"), kStart - 40'000);  // long expired by now
  Client other = Join(2, 9, "他店", kStart + 5000);
  EXPECT_TRUE(other.connection->Take().empty());
  Client b = Join(1, 4, "鈴木", kStart + 5000);
  const auto got = b.connection->Take();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["conversation_id"], 12);
  EXPECT_EQ(got[0]["state"], "typing");
  EXPECT_EQ(got[0]["agent_name"], "佐藤");
  EXPECT_EQ(got[0]["at"], "2025-11-23T00:00:01.000Z");
}

TEST_F(PresenceBoardTest, ManyConversationsDropTheOldest) {
  Client a = Join(1, 3, "佐藤");
  Client b = Join(1, 4, "鈴木");
  const auto n = static_cast<std::int64_t>(PresenceBoard::kMaxConversationsPerConnection);
  for (std::int64_t i = 0; i <= n; ++i)
    a.member->Receive(Presence(100 + i, "viewing"), kStart + i * 100);
  const auto got = b.connection->Take();
  ASSERT_EQ(got.size(), static_cast<std::size_t>(n + 2));
  EXPECT_EQ(got[got.size() - 2]["conversation_id"], 100);
  EXPECT_EQ(got[got.size() - 2]["state"], "left");
  a.member->Leave(kStart + 60'000);
  EXPECT_EQ(b.connection->Take().size(), static_cast<std::size_t>(n));
}

TEST_F(PresenceBoardTest, ConnectionsGoneWithoutLeavingAreSkipped) {
  Client a = Join(1, 3, "佐藤");
  Client b = Join(1, 4, "鈴木");
  b.connection.reset();  // the session ended; its member not yet destroyed
  a.member->Receive(Presence(12, "viewing"), kStart);
  SUCCEED();
}

TEST_F(PresenceBoardTest, ManyThreadsAtOnce) {
  std::vector<Client> clients;
  for (int i = 0; i < 8; ++i) clients.push_back(Join(1, i + 1, "agent"));
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      for (int k = 0; k < 200; ++k) {
        clients[i].member->Receive(Presence(k % 5 + 1, k % 2 ? "typing" : "viewing"),
                                   kStart + k * 100);
        if (k == 150 && i % 2) {
          Client extra = Join(1, 100 + i, "extra", kStart + k * 100);
          extra.member->Leave(kStart + k * 100);
        }
      }
      clients[i].member->Leave(kStart + 30'000);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(board_.ConnectionCount(1), 0u);
}

}  // namespace
}  // namespace shopdesk::http
