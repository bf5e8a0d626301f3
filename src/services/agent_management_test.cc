#include "services/agent_management.h"

#include <gtest/gtest.h>

#include "services/ingest_service.h"
#include "services/privacy_service.h"
#include "services/shop_settings.h"
#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

constexpr const char* kPassword = "桜の季節のパスワード";
constexpr const char* kFrom = "198.51.100.7";

class AgentManagementTest : public testing::ServiceFixture {
 protected:
  LoginPolicy Policy() {
    LoginPolicy p;
    p.cost = PasswordCost::kFast;
    return p;
  }
  // Agents managed by `by`.
  AgentManagement As(const Agent& by) { return AgentManagement(*db_, clock_, by, kFrom, Policy()); }
  Agent Add(const std::string& email, Role role) {
    auto added = As(owner_).Add(email, "", role);
    EXPECT_TRUE(added) << added.error().ToString();
    return added ? added->agent : Agent{};
  }
  std::vector<AuditEntry> Audit(const std::string& prefix = "") {
    auto entries = db_->audit().List(shop_.id, 0, prefix, 100);
    EXPECT_TRUE(entries);
    return entries ? *entries : std::vector<AuditEntry>{};
  }
};

TEST_F(AgentManagementTest, TheListSaysWhoHasNoPasswordYetAndWhoIsLockedOut) {
  Agent invited = Add("invited@sakura.example", Role::kAgent);
  Agent locked = Add("locked@sakura.example", Role::kAgent);
  ASSERT_TRUE(As(owner_).ResetPassword(locked.id, kPassword));
  AccountService accounts(*db_, clock_, Policy());
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(accounts.Login(locked.email, "wrong password", kFrom));
  auto list = As(owner_).List();
  ASSERT_TRUE(list) << list.error().ToString();
  const auto row = [&](AgentId id) {
    for (const auto& a : *list)
      if (a.agent.id == id) return a;
    ADD_FAILURE() << "agent " << id << " not listed";
    return AgentLogin{};
  };
  EXPECT_FALSE(row(invited.id).has_password);
  EXPECT_EQ(row(invited.id).locked_until, 0);
  EXPECT_TRUE(row(locked.id).has_password);
  EXPECT_GT(row(locked.id).locked_until, clock_.Now());
  // A new password set by a manager unlocks at once.
  ASSERT_TRUE(As(owner_).ResetPassword(locked.id, "another long password"));
  list = As(owner_).List();
  ASSERT_TRUE(list);
  EXPECT_EQ(row(locked.id).locked_until, 0);
}

TEST_F(AgentManagementTest, RoleChangesFollowTheRulesAndAreAudited) {
  Agent admin = Add("admin@sakura.example", Role::kAdmin);
  Agent agent = Add("agent@sakura.example", Role::kAgent);
  Agent viewer = Add("viewer@sakura.example", Role::kViewer);

  // Agents and viewers manage nothing.
  EXPECT_EQ(As(agent).Update(viewer.id, {std::nullopt, Role::kAgent, std::nullopt}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(As(viewer).Add("x@sakura.example", "", Role::kAgent).error().code,
            ErrorCode::kPermissionDenied);
  // An admin manages agents, but grants, changes or removes no owner.
  auto promoted = As(admin).Update(viewer.id, {std::nullopt, Role::kAgent, {}});
  ASSERT_TRUE(promoted) << promoted.error().ToString();
  EXPECT_EQ(promoted->role, Role::kAgent);
  EXPECT_EQ(As(admin).Update(agent.id, {std::nullopt, Role::kOwner, {}}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(As(admin).Update(owner_.id, {std::nullopt, std::nullopt, false}).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(As(admin).Add("boss@sakura.example", "", Role::kOwner).error().code,
            ErrorCode::kPermissionDenied);
  // The last owner stays an owner.
  EXPECT_EQ(As(owner_).Update(owner_.id, {std::nullopt, Role::kAdmin, {}}).error().code,
            ErrorCode::kConflict);
  ASSERT_TRUE(As(owner_).Update(admin.id, {std::nullopt, Role::kOwner, {}}));
  ASSERT_TRUE(As(owner_).Update(owner_.id, {std::nullopt, Role::kAdmin, {}}));

  auto changes = Audit("agent.role_changed");
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].target, "agent:" + std::to_string(owner_.id));
  EXPECT_EQ(changes[0].actor, "hanako@sakura.example");
  EXPECT_EQ(changes[0].remote_address, kFrom);
  EXPECT_NE(changes[0].detail.find(R"("from":"owner")"), std::string::npos);
  EXPECT_NE(changes[0].detail.find(R"("to":"admin")"), std::string::npos);
  EXPECT_EQ(changes[2].actor, "admin@sakura.example");
  // Nothing of this shop's log is in the other shop's.
  EXPECT_TRUE(db_->audit().List(other_shop_.id, 0, "", 100)->empty());
}

// `shopdesk user add`: the same use case, with the operator as the actor; it may add a
// shop's first owner, whom no agent could.
TEST_F(AgentManagementTest, TheCommandLineAddsAnyRoleAndIsAuditedAsTheOperator) {
  auto cli = AgentManagement::CommandLine(*db_, clock_, other_shop_.id, Policy());
  auto first = cli.Add("Boss@Other.example", "", Role::kOwner);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->agent.role, Role::kOwner);
  EXPECT_EQ(first->agent.email, "boss@other.example");
  EXPECT_EQ(first->agent.name, "boss");
  EXPECT_TRUE(AdminService(*db_, clock_).Authenticate(first->api_token));
  auto entries = db_->audit().List(other_shop_.id, 0, "agent.added", 10);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].actor.rfind("cli:", 0), 0u) << (*entries)[0].actor;
  EXPECT_FALSE((*entries)[0].actor_agent_id);
  EXPECT_EQ((*entries)[0].remote_address, "");
  EXPECT_TRUE(Audit("agent.added").empty()) << "nothing in the first shop's log";

  auto bad = cli.Add("not an address", "", Role::kAgent);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, "agent.bad_email");
  auto twice = cli.Add("boss@other.example", "", Role::kAgent);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().reason, "agent.exists");
}

TEST_F(AgentManagementTest, ARemovedAgentIsLockedOutAndCanBeRestored) {
  auto added = As(owner_).Add("Leaver@Sakura.example", "退職者", Role::kAgent);
  ASSERT_TRUE(added);
  AccountService accounts(*db_, clock_, Policy());
  ASSERT_TRUE(accounts.SetPassword("leaver@sakura.example", kPassword));
  auto login = accounts.Login("leaver@sakura.example", kPassword, kFrom);
  ASSERT_TRUE(login);

  auto removed = As(owner_).Update(added->agent.id, {std::nullopt, {}, false});
  ASSERT_TRUE(removed) << removed.error().ToString();
  EXPECT_NE(removed->disabled_at, 0);
  AdminService admin(*db_, clock_);
  EXPECT_EQ(admin.Authenticate(added->api_token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(accounts.Resume(login->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_FALSE(accounts.Login("leaver@sakura.example", kPassword, kFrom));
  EXPECT_EQ(Audit("agent.removed").size(), 1u);

  // Adding the e-mail again brings the same agent back with a new token.
  auto back = As(owner_).Add("leaver@sakura.example", "", Role::kViewer);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->agent.id, added->agent.id);
  EXPECT_EQ(back->agent.role, Role::kViewer);
  EXPECT_TRUE(admin.Authenticate(back->api_token));
  EXPECT_FALSE(admin.Authenticate(added->api_token));
  EXPECT_EQ(As(owner_).Add("leaver@sakura.example", "", Role::kAgent).error().code,
            ErrorCode::kConflict);
}

TEST_F(AgentManagementTest, PasswordResetOnlyWhereTheAdminManagesEveryShopOfThePerson) {
  Agent admin = Add("admin@sakura.example", Role::kAdmin);
  Agent agent = Add("agent@sakura.example", Role::kAgent);
  AccountService accounts(*db_, clock_, Policy());
  ASSERT_TRUE(accounts.SetPassword("agent@sakura.example", kPassword));
  auto session = accounts.Login("agent@sakura.example", kPassword, kFrom);
  ASSERT_TRUE(session);

  ASSERT_TRUE(As(admin).ResetPassword(agent.id, "新しいパスワード二〇二六"));
  EXPECT_FALSE(accounts.Resume(session->token)) << "the reset ends their sessions";
  EXPECT_TRUE(accounts.Login("agent@sakura.example", "新しいパスワード二〇二六", kFrom));
  EXPECT_EQ(Audit("password.reset").size(), 1u);
  // An admin resets no owner, and no one whose password also opens another shop.
  EXPECT_EQ(As(admin).ResetPassword(owner_.id, "別のパスワード二〇二六").error().code,
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(AgentManagement::CommandLine(*db_, clock_, other_shop_.id)
                  .Add("agent@sakura.example", "", Role::kAgent));
  EXPECT_EQ(As(admin).ResetPassword(agent.id, "別のパスワード二〇二六").error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(As(admin).ResetPassword(agent.id, "short").error().code, ErrorCode::kPermissionDenied);
}

TEST_F(AgentManagementTest, LoginsAndFailuresAreAuditedInEveryShopOfThePerson) {
  ASSERT_TRUE(AgentManagement::CommandLine(*db_, clock_, other_shop_.id)
                  .Add("hanako@sakura.example", "", Role::kAgent));
  AccountService accounts(*db_, clock_, Policy());
  ASSERT_TRUE(accounts.SetPassword("hanako@sakura.example", kPassword));
  ASSERT_TRUE(accounts.Login("hanako@sakura.example", kPassword, "192.0.2.9"));
  EXPECT_FALSE(accounts.Login("hanako@sakura.example", "wrong password!", "192.0.2.10"));
  for (ShopId shop : {shop_.id, other_shop_.id}) {
    auto entries = db_->audit().List(shop, 0, "login", 100);
    ASSERT_TRUE(entries);
    ASSERT_EQ(entries->size(), 2u);
    EXPECT_EQ((*entries)[0].action, "login_failed");
    EXPECT_EQ((*entries)[0].remote_address, "192.0.2.10");
    EXPECT_EQ((*entries)[1].action, "login");
    EXPECT_EQ((*entries)[1].remote_address, "192.0.2.9");
  }
}

TEST_F(AgentManagementTest, SettingsAndTeamsNeedAManagerAndAreAudited) {
  Agent agent = Add("agent@sakura.example", Role::kAgent);
  EXPECT_EQ(ShopSettings(*db_, clock_, agent, kFrom).UpdateShop({"乗っ取り", {}, {}}).error().code,
            ErrorCode::kPermissionDenied);
  ShopSettings settings(*db_, clock_, owner_, kFrom);
  EXPECT_EQ(settings.UpdateShop({std::nullopt, "Asia/Tokio", {}}).error().code,
            ErrorCode::kInvalidArgument);
  auto shop = settings.UpdateShop({"さくら雑貨店 本店", "Asia/Tokyo", {}});
  ASSERT_TRUE(shop) << shop.error().ToString();
  EXPECT_EQ(shop->name, "さくら雑貨店 本店");
  auto team = settings.CreateTeam("返品担当");
  ASSERT_TRUE(team);
  EXPECT_EQ(settings.SetTeamMembers(team->id, {agent.id, 999999}).error().code,
            ErrorCode::kNotFound);
  EXPECT_TRUE(db_->teams().Find(shop_.id, team->id)->member_ids.empty())
      << "nothing saved half-way";
  auto members = settings.SetTeamMembers(team->id, {agent.id, agent.id, owner_.id});
  ASSERT_TRUE(members);
  EXPECT_EQ(members->member_ids.size(), 2u);
  auto changed = settings.UpdateChannel(
      channel_.id, {std::nullopt, std::nullopt, {{"smtp_password", "s3cret-passw0rd"}}});
  ASSERT_TRUE(changed) << changed.error().ToString();
  EXPECT_EQ(changed->settings.secrets.at("smtp_password"), "s3cret-passw0rd");
  EXPECT_FALSE(changed->settings.values.contains("smtp_password")) << "secrets kept apart";
  EXPECT_EQ(settings.UpdateChannel(channel_.id, {std::nullopt, std::nullopt, {{"reply_url", "x"}}})
                .error()
                .reason,
            "channel.unknown_setting")
      << "a setting e-mail does not take";
  auto entries = Audit();
  ASSERT_GE(entries.size(), 4u);
  EXPECT_EQ(entries[0].action, "channel.changed");
  EXPECT_EQ(entries[0].detail.find("s3cret"), std::string::npos) << "no secret in the log";
  EXPECT_NE(entries[0].detail.find("smtp_password"), std::string::npos);
  EXPECT_EQ(entries[1].action, "team.members_changed");
  EXPECT_EQ(entries[2].action, "team.created");
  EXPECT_EQ(entries[3].action, "settings.changed");
}

TEST_F(AgentManagementTest, PrivacyExportThenEraseOfAnIngestedCustomer) {
  IngestService ingest(*db_, clock_);
  auto in = ingest.Ingest(channel_, Mail("山田太郎 <taro@example.jp>", "注文 250-1234567-1234567",
                                         "東京都千代田区1-1 に届けてください", "t1@example.jp"));
  ASSERT_TRUE(in) << in.error().ToString();
  auto conversation = db_->conversations().Find(shop_.id, in->conversation_id);
  ASSERT_TRUE(conversation);
  PrivacyService privacy(*db_, clock_);
  const Actor by = Actor::OfAgent(owner_, kFrom);
  EXPECT_EQ(privacy.Export(other_shop_.id, conversation->customer_id, by).error().code,
            ErrorCode::kNotFound);
  auto record = privacy.Export(shop_.id, conversation->customer_id, by);
  ASSERT_TRUE(record) << record.error().ToString();
  EXPECT_EQ(record->customer.email, "taro@example.jp");
  ASSERT_EQ(record->conversations.size(), 1u);
  ASSERT_EQ(record->conversations[0].messages.size(), 1u);
  EXPECT_NE(record->conversations[0].messages[0].text.find("千代田区"), std::string::npos);

  auto counts = privacy.Erase(shop_.id, conversation->customer_id, by);
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_EQ(counts->messages, 1);
  EXPECT_EQ(counts->blobs_deleted, 1);
  auto after = privacy.Export(shop_.id, conversation->customer_id, by);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->customer.name, "");
  EXPECT_EQ(after->conversations[0].messages[0].text, "");
  EXPECT_EQ(after->conversations[0].conversation.order_id, "");
  // The same mail fetched again is a duplicate, not a way back for the data.
  auto again = ingest.Ingest(
      channel_, Mail("山田太郎 <taro@example.jp>", "注文", "東京都千代田区1-1", "t1@example.jp"));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
  auto log = Audit("privacy.");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[1].action, "privacy.erased");
  EXPECT_EQ(log[1].target, "customer:" + std::to_string(conversation->customer_id));
}

}  // namespace
}  // namespace shopdesk::services
