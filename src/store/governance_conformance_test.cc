// Store conformance, part 4: agent removal, teams, the audit log and customer erasure,
// on every backend (store_conformance_fixture.h). Each case also checks that the
// second shop sees none of the first shop's rows.
#include "store/store_conformance_fixture.h"

namespace shopdesk::store::conformance {
namespace {

using GovernanceConformanceTest = ConformanceTest;

Agent NewAgent(Database& db, ShopId shop, const std::string& email, Role role) {
  Agent a;
  a.shop_id = shop;
  a.email = email;
  a.name = email.substr(0, email.find('@'));
  a.role = role;
  a.created_at = 1;
  auto created = db.agents().Create(a);
  EXPECT_TRUE(created) << created.error().ToString();
  return created ? *created : a;
}

TEST_P(GovernanceConformanceTest, ARemovedAgentLosesTokensAndMemberships) {
  Agent agent = NewAgent(*db_, shop_.id, "hanako@sakura.example", Role::kAgent);
  ASSERT_TRUE(db_->agents().AddToken(shop_.id, agent.id, std::string(64, 'a'), 1));
  ASSERT_TRUE(db_->agents().FindByTokenHash(std::string(64, 'a')));
  agent.disabled_at = 50;
  agent.role = Role::kViewer;
  ASSERT_TRUE(db_->agents().Update(agent));
  EXPECT_EQ(CodeOf(db_->agents().FindByTokenHash(std::string(64, 'a'))), "not_found");
  auto memberships = db_->accounts().Memberships("hanako@sakura.example");
  ASSERT_TRUE(memberships);
  EXPECT_TRUE(memberships->empty());
  auto found = db_->agents().Find(shop_.id, agent.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->disabled_at, 50);
  EXPECT_EQ(found->role, Role::kViewer);
  auto revoked = db_->agents().RevokeTokens(shop_.id, agent.id);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(*revoked, 1);
  // Another shop cannot change this shop's agent.
  Agent foreign = agent;
  foreign.shop_id = other_.id;
  EXPECT_EQ(db_->agents().Update(foreign).error().code, ErrorCode::kNotFound);
}

TEST_P(GovernanceConformanceTest, TeamsKeepTheirMembersPerShop) {
  Agent a = NewAgent(*db_, shop_.id, "a@sakura.example", Role::kAgent);
  Agent b = NewAgent(*db_, shop_.id, "b@sakura.example", Role::kAgent);
  Agent stranger = NewAgent(*db_, other_.id, "c@other.example", Role::kAgent);
  auto team = db_->teams().Create({shop_.id, 0, "返品担当", 5, {}});
  ASSERT_TRUE(team) << team.error().ToString();
  EXPECT_EQ(CodeOf(db_->teams().Create({shop_.id, 0, "返品担当", 6, {}})), "conflict");
  ASSERT_TRUE(db_->teams().SetMembers(shop_.id, team->id, {b.id, a.id}));
  auto found = db_->teams().Find(shop_.id, team->id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "返品担当");
  EXPECT_EQ(found->member_ids, (std::vector<AgentId>{std::min(a.id, b.id), std::max(a.id, b.id)}));
  // An agent of the other shop is not found; the other shop does not see the team.
  auto tx = db_->BeginWrite();
  ASSERT_TRUE(tx);
  EXPECT_EQ(db_->teams().SetMembers(shop_.id, team->id, {stranger.id}).error().code,
            ErrorCode::kNotFound);
  tx->reset();  // rolled back: the members stay
  EXPECT_EQ(db_->teams().Find(shop_.id, team->id)->member_ids.size(), 2u);
  EXPECT_EQ(CodeOf(db_->teams().Find(other_.id, team->id)), "not_found");
  EXPECT_TRUE(db_->teams().List(other_.id)->empty());
  EXPECT_EQ(db_->teams().SetMembers(other_.id, team->id, {stranger.id}).error().code,
            ErrorCode::kNotFound);

  Conversation c = NewConversation(10);
  c.team_id = team->id;
  ASSERT_TRUE(db_->conversations().Update(c));
  ConversationFilter filter;
  filter.team_id = team->id;
  auto page = db_->conversations().List(shop_.id, filter);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].conversation.team_id, team->id);
  EXPECT_EQ(db_->teams().Delete(other_.id, team->id).error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(db_->teams().Delete(shop_.id, team->id));
  EXPECT_FALSE(db_->conversations().Find(shop_.id, c.id)->team_id.has_value());
}

TEST_P(GovernanceConformanceTest, TheAuditLogListsNewestFirstByPrefixPerShop) {
  for (int i = 0; i < 5; ++i) {
    AuditEntry e;
    e.shop_id = shop_.id;
    e.at = 100 + i;
    e.actor = "owner@sakura.example";
    e.actor_agent_id = 7;
    e.action = i % 2 ? "login_failed" : "settings.changed";
    e.target = "shop:1";
    e.detail = R"({"n":)" + std::to_string(i) + "}";
    e.remote_address = "192.0.2.1";
    ASSERT_TRUE(db_->audit().Append(e));
  }
  auto all = db_->audit().List(shop_.id, 0, "", 100);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ(all->front().at, 104);
  EXPECT_EQ(all->front().detail, R"({"n":4})");
  EXPECT_EQ(all->front().actor_agent_id, 7);
  EXPECT_EQ(all->front().remote_address, "192.0.2.1");
  auto logins = db_->audit().List(shop_.id, 0, "login", 100);
  ASSERT_TRUE(logins);
  EXPECT_EQ(logins->size(), 2u);
  auto page = db_->audit().List(shop_.id, (*all)[1].id, "", 2);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, (*all)[2].id);
  EXPECT_TRUE(db_->audit().List(other_.id, 0, "", 100)->empty());
}

TEST_P(GovernanceConformanceTest, ErasureRedactsEverythingButKeepsTheCounts) {
  Conversation c = NewConversation(10);
  c.order_id = "250-1234567-1234567";
  ASSERT_TRUE(db_->conversations().Update(c));
  ASSERT_TRUE(db_->conversations().SetTags(shop_.id, c.id, {"返品"}));
  ASSERT_TRUE(db_->blobs().Put(shop_.id, std::string(64, '1'), "From: taro\r\n\r\nraw"));
  ASSERT_TRUE(db_->blobs().Put(shop_.id, std::string(64, '2'), "photo"));
  ASSERT_TRUE(db_->blobs().Put(shop_.id, std::string(64, '3'), "shared pdf"));
  Message in;
  in.shop_id = shop_.id;
  in.conversation_id = c.id;
  in.channel_id = channel_.id;
  in.direction = Direction::kInbound;
  in.from_name = "山田太郎";
  in.from_address = "taro@example.jp";
  in.subject = "返品について";
  in.text = "住所は東京都…";
  in.html = "<p>住所</p>";
  in.external_id = "taro-1@example.jp";
  in.raw_sha256 = std::string(64, '1');
  in.created_at = 10;
  in.attachments.push_back({0, "写真.jpg", "image/jpeg", 5, std::string(64, '2'), "", false});
  in.attachments.push_back(
      {0, "manual.pdf", "application/pdf", 10, std::string(64, '3'), "", false});
  auto stored_in = db_->messages().Insert(in);
  ASSERT_TRUE(stored_in) << stored_in.error().ToString();
  Message out = in;
  out.direction = Direction::kOutbound;
  out.from_name = "さくら雑貨店";
  out.to_address = "taro@example.jp";
  out.text = "山田様、ご連絡ありがとうございます";
  out.html = "";
  out.external_id = "reply-1@sakura.example";
  out.raw_sha256 = "";
  out.attachments.clear();
  out.delivery = DeliveryState::kQueued;
  auto stored_out = db_->messages().Insert(out);
  ASSERT_TRUE(stored_out);
  ASSERT_TRUE(db_->outbox().Enqueue(shop_.id, stored_out->id, 20));
  // Another customer's conversation shares the PDF (same bytes, same address).
  Customer other_customer =
      *db_->customers().FindOrCreateByEmail(shop_.id, "hanako@example.jp", "花子", 1);
  Conversation c2 = c;
  c2.id = 0;
  c2.customer_id = other_customer.id;
  c2.created_at = c2.last_activity_at = 11;
  auto created2 = db_->conversations().Create(c2);
  ASSERT_TRUE(created2);
  c2 = *created2;
  Message theirs = NewMessage(c2, "hanako-1@example.jp");
  (void)theirs;
  {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(tx);
    Message shared;
    shared.shop_id = shop_.id;
    shared.conversation_id = c2.id;
    shared.channel_id = channel_.id;
    shared.external_id = "hanako-2@example.jp";
    shared.created_at = 12;
    shared.attachments.push_back(
        {0, "manual.pdf", "application/pdf", 10, std::string(64, '3'), "", false});
    ASSERT_TRUE(db_->messages().Insert(shared));
    ASSERT_TRUE((*tx)->Commit());
  }

  // The site knew the customer by an id of its own: erased with the rest.
  ASSERT_TRUE(db_->customers().FindOrCreateByIdentity(shop_.id, {"web", "user-77"},
                                                      "taro@example.jp", "", 5));
  // The other shop cannot erase this shop's customer.
  EXPECT_EQ(CodeOf(db_->privacy().EraseCustomer(other_.id, customer_.id, 99)), "not_found");

  auto counts = db_->privacy().EraseCustomer(shop_.id, customer_.id, 99);
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->conversations, 1);
  EXPECT_EQ(counts->messages, 2);
  EXPECT_EQ(counts->attachments, 2);
  EXPECT_EQ(counts->blobs_deleted, 2);  // raw source and photo; the shared PDF stays
  EXPECT_EQ(counts->outbox_jobs_cancelled, 1);

  auto customer = db_->customers().Find(shop_.id, customer_.id);
  ASSERT_TRUE(customer);
  EXPECT_EQ(customer->name, "");
  EXPECT_EQ(customer->erased_at, 99);
  EXPECT_EQ(customer->email.find("taro"), std::string::npos);
  EXPECT_EQ(db_->customers().Identities(shop_.id, customer_.id)->size(), 1u)
      << "only the placeholder address is left";
  auto returning = db_->customers().FindOrCreateByIdentity(shop_.id, {"web", "user-77"},
                                                           "taro@example.jp", "", 100);
  EXPECT_NE(returning->id, customer_.id) << "the site's id no longer finds the erased customer";
  auto conv = db_->conversations().Find(shop_.id, c.id);
  ASSERT_TRUE(conv);
  EXPECT_EQ(conv->subject, "");
  EXPECT_EQ(conv->order_id, "");
  EXPECT_EQ(conv->tags, std::vector<std::string>{"返品"});
  auto messages = db_->messages().ListByConversation(shop_.id, c.id);
  ASSERT_TRUE(messages);
  ASSERT_EQ(messages->size(), 2u);  // counts kept
  for (const auto& m : *messages) {
    EXPECT_EQ(m.text, "");
    EXPECT_EQ(m.html, "");
    EXPECT_EQ(m.from_address, "");
    EXPECT_EQ(m.from_name, "");
    EXPECT_EQ(m.to_address, "");
    EXPECT_EQ(m.subject, "");
    EXPECT_EQ(m.raw_sha256, "");
    for (const auto& a : m.attachments) {
      EXPECT_EQ(a.filename, "");
      EXPECT_EQ(a.sha256, "");
      EXPECT_GT(a.size, 0);
    }
  }
  EXPECT_EQ((*messages)[1].delivery, DeliveryState::kFailed);
  EXPECT_EQ(CodeOf(db_->blobs().Get(shop_.id, std::string(64, '1'))), "not_found");
  EXPECT_EQ(CodeOf(db_->blobs().Get(shop_.id, std::string(64, '2'))), "not_found");
  EXPECT_EQ(*db_->blobs().Get(shop_.id, std::string(64, '3')), "shared pdf");
  // The other customer is untouched; the erased mail is still known as a duplicate.
  EXPECT_EQ(db_->customers().Find(shop_.id, other_customer.id)->name, "花子");
  EXPECT_EQ(db_->messages().ListByConversation(shop_.id, c2.id)->front().text, "本文");
  auto again = db_->messages().FindByExternalId(shop_.id, channel_.id, "taro-1@example.jp");
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, GovernanceConformanceTest, ::testing::ValuesIn(kBackends),
                         BackendName);

}  // namespace
}  // namespace shopdesk::store::conformance
