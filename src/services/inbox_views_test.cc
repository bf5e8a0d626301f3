#include "services/inbox_views.h"

#include <gtest/gtest.h>

#include "testing/service_fixture.h"

namespace shopdesk::services {
namespace {

class InboxViewsTest : public testing::ServiceFixture {
 protected:
  Agent MakeAgent(ShopId shop, const std::string& email, Role role) {
    Agent a;
    a.shop_id = shop;
    a.email = email;
    a.role = role;
    auto created = db_->agents().Create(a);
    EXPECT_TRUE(created) << created.error().ToString();
    return *created;
  }
};

TEST_F(InboxViewsTest, OwnViewsArePrivateAndSharedOnesNeedAnAdmin) {
  InboxViews views(*db_, clock_);
  const Agent agent = MakeAgent(shop_.id, "agent@sakura.example", Role::kAgent);
  auto own = views.Create(agent, " 自分の返品 ", "view=mine&tag=%E8%BF%94%E5%93%81", false);
  ASSERT_TRUE(own) << own.error().ToString();
  EXPECT_EQ(own->name, "自分の返品");
  EXPECT_EQ(own->owner_id, agent.id);
  auto refused = views.Create(agent, "全員の期限超過", "view=overdue", true);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "inbox_view.shared_needs_admin");
  auto shared = views.Create(owner_, "全員の期限超過", "view=overdue", true);
  ASSERT_TRUE(shared) << shared.error().ToString();
  EXPECT_FALSE(shared->owner_id);
  auto bad = views.Create(owner_, "x", "cursor=abc", false);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, "inbox_view.query");

  const auto names = [&](const Agent& a) {
    std::vector<std::string> out;
    auto listed = views.List(a);
    EXPECT_TRUE(listed) << listed.error().ToString();
    for (const auto& v : *listed) out.push_back(v.name);
    return out;
  };
  EXPECT_EQ(names(agent), (std::vector<std::string>{"全員の期限超過", "自分の返品"}));
  EXPECT_EQ(names(owner_), (std::vector<std::string>{"全員の期限超過"}));  // not the agent's own

  // Deleting: one's own, or (admins) a shared one; never another agent's own.
  EXPECT_EQ(views.Delete(owner_, own->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(views.Delete(agent, shared->id).error().reason, "inbox_view.shared_needs_admin");
  ASSERT_TRUE(views.Delete(agent, own->id));
  ASSERT_TRUE(views.Delete(owner_, shared->id));
  EXPECT_TRUE(views.List(agent)->empty());
}

TEST_F(InboxViewsTest, AnotherShopSeesNoneOfTheViews) {
  InboxViews views(*db_, clock_);
  auto shared = views.Create(owner_, "共有", "view=all", true);
  ASSERT_TRUE(shared);
  const Agent stranger = MakeAgent(other_shop_.id, "owner@other.example", Role::kOwner);
  EXPECT_TRUE(views.List(stranger)->empty());
  EXPECT_EQ(views.Delete(stranger, shared->id).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(views.List(owner_)->size(), 1u);
}

}  // namespace
}  // namespace shopdesk::services
