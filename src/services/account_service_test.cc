#include "services/account_service.h"

#include <gtest/gtest.h>

#include "services/agent_management.h"
#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

constexpr const char* kPassword = "桜の季節のパスワード";

class AccountServiceTest : public testing::ServiceFixture {
 protected:
  LoginPolicy Policy() {
    LoginPolicy p;
    p.cost = PasswordCost::kFast;
    return p;
  }
  AccountService Accounts() { return AccountService(*db_, clock_, Policy()); }
};

TEST_F(AccountServiceTest, AnAgentSetsAPasswordAndLogsInToTheirShops) {
  auto account = Accounts().SetPassword("Hanako@Sakura.example", kPassword);
  ASSERT_TRUE(account) << account.error().ToString();
  EXPECT_EQ(account->email, "hanako@sakura.example");
  EXPECT_EQ(account->password_hash.rfind("$argon2id$", 0), 0u);
  // The same person is an agent of the other shop too.
  ASSERT_TRUE(services::AgentManagement::CommandLine(*db_, clock_, other_shop_.id)
                  .Add("hanako@sakura.example", "桜井 花子", Role::kViewer));

  auto login = Accounts().Login("HANAKO@sakura.example", kPassword, "192.0.2.1");
  ASSERT_TRUE(login) << login.error().ToString();
  EXPECT_EQ(login->token.size(), 64u);
  EXPECT_FALSE(login->context.session.csrf_token.empty());
  ASSERT_EQ(login->context.memberships.size(), 2u);
  EXPECT_EQ(login->context.memberships[0].shop_id, shop_.id);
  EXPECT_EQ(login->context.memberships[0].role, Role::kOwner);
  EXPECT_EQ(login->context.memberships[1].role, Role::kViewer);

  auto resumed = Accounts().Resume(login->token);
  ASSERT_TRUE(resumed) << resumed.error().ToString();
  EXPECT_EQ(resumed->session.id, login->context.session.id);
  EXPECT_EQ(resumed->account.email, "hanako@sakura.example");
}

TEST_F(AccountServiceTest, OnlyAgentsGetAccountsAndThePolicyHolds) {
  auto stranger = Accounts().SetPassword("nobody@example.jp", kPassword);
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code, ErrorCode::kNotFound);
  auto weak = Accounts().SetPassword("hanako@sakura.example", "short");
  ASSERT_FALSE(weak);
  EXPECT_EQ(weak.error().code, ErrorCode::kInvalidArgument);
  auto saved = db_->accounts().FindByEmail("hanako@sakura.example");
  ASSERT_FALSE(saved) << "nothing saved half-way";
  EXPECT_EQ(saved.error().code, ErrorCode::kNotFound);
}

TEST_F(AccountServiceTest, WrongPasswordsAndUnknownEmailsGetTheSameAnswer) {
  ASSERT_TRUE(Accounts().SetPassword("hanako@sakura.example", kPassword));
  auto wrong = Accounts().Login("hanako@sakura.example", "桜の季節のパスワーF", "192.0.2.1");
  auto unknown = Accounts().Login("nobody@example.jp", kPassword, "192.0.2.1");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_F(AccountServiceTest, AnAccountIsLockedAfterFiveWrongPasswordsUntilTheLockEnds) {
  ASSERT_TRUE(Accounts().SetPassword("hanako@sakura.example", kPassword));
  for (int i = 0; i < 5; ++i) {
    auto r = Accounts().Login("hanako@sakura.example", "wrong password " + std::to_string(i),
                              "192.0.2." + std::to_string(i));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(r.error().reason, "login.wrong_credentials");
  }
  const Timestamp lock_ends = clock_.Now() + 15 * 60 * kMillisPerSecond;
  auto locked = Accounts().Login("hanako@sakura.example", kPassword, "192.0.2.9");
  ASSERT_FALSE(locked) << "even the right password is refused while locked";
  EXPECT_EQ(locked.error().code, ErrorCode::kRateLimited);
  EXPECT_NE(locked.error().message.find("try again after"), std::string::npos)
      << locked.error().message;
  // The UI says it in the seller's language, with the end in the shop's time zone.
  EXPECT_EQ(locked.error().reason, "login.locked");
  EXPECT_EQ(locked.error().params,
            (Error::Params{{"until", FormatIso8601(lock_ends)}, {"failures", "5"}}));
  clock_.Advance(15 * 60 * kMillisPerSecond + 1);
  EXPECT_TRUE(Accounts().Login("hanako@sakura.example", kPassword, "192.0.2.9"));
}

TEST_F(AccountServiceTest, OneAddressGuessingAcrossAccountsIsThrottled) {
  LoginPolicy policy = Policy();
  policy.max_failures_per_address = 3;
  AccountService accounts(*db_, clock_, policy);
  ASSERT_TRUE(accounts.SetPassword("hanako@sakura.example", kPassword));
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(accounts.Login("guess" + std::to_string(i) + "@example.jp", "x", "203.0.113.7"));
  }
  auto throttled = accounts.Login("hanako@sakura.example", kPassword, "203.0.113.7");
  ASSERT_FALSE(throttled);
  EXPECT_EQ(throttled.error().code, ErrorCode::kRateLimited);
  EXPECT_TRUE(accounts.Login("hanako@sakura.example", kPassword, "198.51.100.1"))
      << "another address is not affected";
  clock_.Advance(policy.address_window_ms + 1);
  EXPECT_TRUE(accounts.Login("hanako@sakura.example", kPassword, "203.0.113.7"));
}

TEST_F(AccountServiceTest, SessionsExpireWhenIdleAndEndOnLogoutAndPasswordChange) {
  ASSERT_TRUE(Accounts().SetPassword("hanako@sakura.example", kPassword));
  auto first = Accounts().Login("hanako@sakura.example", kPassword, "192.0.2.1");
  auto second = Accounts().Login("hanako@sakura.example", kPassword, "192.0.2.1");
  ASSERT_TRUE(first && second);

  clock_.Advance(11 * kMillisPerHour);
  ASSERT_TRUE(Accounts().Resume(first->token)) << "used within the idle time: slides";
  clock_.Advance(11 * kMillisPerHour);
  EXPECT_TRUE(Accounts().Resume(first->token));
  auto idle = Accounts().Resume(second->token);
  ASSERT_FALSE(idle) << "22 hours without a request";
  EXPECT_EQ(idle.error().code, ErrorCode::kUnauthenticated);

  auto who = Accounts().Resume(first->token);
  ASSERT_TRUE(who);
  auto third = Accounts().Login("hanako@sakura.example", kPassword, "192.0.2.1");
  ASSERT_TRUE(third);
  ASSERT_FALSE(Accounts().ChangePassword(*who, "wrong current password", "新しいパスワード123"));
  ASSERT_TRUE(Accounts().ChangePassword(*who, kPassword, "新しいパスワード123"));
  EXPECT_TRUE(Accounts().Resume(first->token)) << "the session that changed it stays";
  EXPECT_FALSE(Accounts().Resume(third->token)) << "other sessions end";
  EXPECT_FALSE(Accounts().Login("hanako@sakura.example", kPassword, "192.0.2.1"));
  EXPECT_TRUE(Accounts().Login("hanako@sakura.example", "新しいパスワード123", "192.0.2.1"));

  ASSERT_TRUE(Accounts().Logout(first->token));
  EXPECT_FALSE(Accounts().Resume(first->token));
  EXPECT_TRUE(Accounts().Logout("unknown-token"));
}

TEST_F(AccountServiceTest, SessionsHaveAnAbsoluteLimit) {
  ASSERT_TRUE(Accounts().SetPassword("hanako@sakura.example", kPassword));
  auto login = Accounts().Login("hanako@sakura.example", kPassword, "192.0.2.1");
  ASSERT_TRUE(login);
  for (int hour = 0; hour < 7 * 24; hour += 6) {
    clock_.Advance(6 * kMillisPerHour);
    if (!Accounts().Resume(login->token)) {
      EXPECT_GE(hour + 6, 7 * 24 - 6) << "ended early, at hour " << hour + 6;
      return;
    }
  }
  FAIL() << "a session used every 6 hours outlived the 7-day limit";
}

}  // namespace
}  // namespace shopdesk::services
