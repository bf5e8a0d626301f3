#include "services/invitations.h"

#include <gtest/gtest.h>

#include "services/agent_management.h"
#include "services/shop_settings.h"
#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

constexpr const char* kFrom = "198.51.100.7";

class InvitationsTest : public testing::ServiceFixture {
 protected:
  LoginPolicy Policy() {
    LoginPolicy p;
    p.cost = PasswordCost::kFast;
    return p;
  }
  Invitations Links() { return Invitations(*db_, clock_, Policy()); }
  Agent AddAgent(const std::string& email) {
    auto added =
        AgentManagement(*db_, clock_, owner_, kFrom, Policy()).Add(email, "森 一郎", Role::kAgent);
    EXPECT_TRUE(added) << added.error().ToString();
    return added ? added->agent : Agent{};
  }
};

TEST_F(InvitationsTest, ALinkSetsThePasswordOnceAndThenLogsIn) {
  const Agent agent = AddAgent("ichiro@sakura.example");
  auto invitation = AgentManagement(*db_, clock_, owner_, kFrom, Policy()).Invite(agent.id);
  ASSERT_TRUE(invitation) << invitation.error().ToString();
  EXPECT_EQ(invitation->expires_at, clock_.Now() + kInvitationLifetimeMs);

  auto info = Links().LookUp(invitation->token);
  ASSERT_TRUE(info) << info.error().ToString();
  EXPECT_EQ(info->email, "ichiro@sakura.example");
  EXPECT_EQ(info->shop_name, shop_.name);

  // The password policy first; a refused password leaves the link usable.
  auto short_one = Links().Accept(invitation->token, "short", kFrom);
  ASSERT_FALSE(short_one);
  EXPECT_EQ(short_one.error().reason, "password.too_short");
  ASSERT_TRUE(Links().Accept(invitation->token, "桜の季節のパスワード", kFrom));
  EXPECT_TRUE(AccountService(*db_, clock_, Policy())
                  .Login("ichiro@sakura.example", "桜の季節のパスワード", kFrom));

  // Used up: the same link, and its look-up, are refused as any unknown one.
  auto again = Links().Accept(invitation->token, "another long password", kFrom);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().reason, "invitation.invalid");
  EXPECT_EQ(Links().LookUp(invitation->token).error().reason, "invitation.invalid");
  EXPECT_EQ(Links().LookUp("not-a-token").error().reason, "invitation.invalid");
}

TEST_F(InvitationsTest, ALinkExpiresAndIsRefusedForARemovedAgent) {
  const Agent agent = AddAgent("ichiro@sakura.example");
  AgentManagement manage(*db_, clock_, owner_, kFrom, Policy());
  auto expiring = manage.Invite(agent.id);
  ASSERT_TRUE(expiring);
  clock_.Advance(kInvitationLifetimeMs);
  EXPECT_EQ(Links().LookUp(expiring->token).error().reason, "invitation.invalid");

  auto fresh = manage.Invite(agent.id);
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(manage.Update(agent.id, {std::nullopt, std::nullopt, false}));
  EXPECT_EQ(Links().LookUp(fresh->token).error().reason, "invitation.invalid");
  EXPECT_EQ(manage.Invite(agent.id).error().reason, "agent.removed");
}

TEST_F(InvitationsTest, OnlyManagersOfTheShopInvite) {
  const Agent agent = AddAgent("ichiro@sakura.example");
  const Agent colleague = AddAgent("jiro@sakura.example");
  EXPECT_EQ(AgentManagement(*db_, clock_, colleague, kFrom, Policy()).Invite(agent.id).error().code,
            ErrorCode::kPermissionDenied);
  // Another shop's owner cannot reach this shop's agent.
  auto other_owner = AgentManagement::CommandLine(*db_, clock_, other_shop_.id)
                         .Add("boss@other.example", "", Role::kOwner);
  ASSERT_TRUE(other_owner);
  EXPECT_EQ(AgentManagement(*db_, clock_, other_owner->agent, kFrom, Policy())
                .Invite(agent.id)
                .error()
                .code,
            ErrorCode::kNotFound);
}

TEST_F(InvitationsTest, TheMailNamesWhyItWasNotSent) {
  const Agent agent = AddAgent("ichiro@sakura.example");
  // The fixture's channel sends to a closed port.
  auto refused = Links().Mail(agent, "http://desk.example/invite/x", clock_.Now());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "mail.connect_refused");
  ShopSettings settings(*db_, clock_, owner_, kFrom);
  ChannelChange no_smtp;
  no_smtp.settings["smtp_url"] = "";
  ASSERT_TRUE(settings.UpdateChannel(channel_.id, no_smtp));
  auto nobody = Links().Mail(agent, "http://desk.example/invite/x", clock_.Now());
  ASSERT_FALSE(nobody);
  EXPECT_EQ(nobody.error().reason, "invitation.no_sender");
}

}  // namespace
}  // namespace shopdesk::services
