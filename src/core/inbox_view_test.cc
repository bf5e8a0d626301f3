#include "core/inbox_view.h"

#include <gtest/gtest.h>

namespace shopdesk {
namespace {

Status Check(std::string name, std::string query) {
  InboxView v;
  v.name = std::move(name);
  v.query = std::move(query);
  return NormalizeInboxView(v);
}

TEST(InboxViewTest, NamesAreTrimmedAndQueriesAreTheInboxFilters) {
  InboxView v;
  v.name = "　返品・破損 ";
  v.query = "?view=mine&tag=%E8%BF%94%E5%93%81&status=any";
  ASSERT_TRUE(NormalizeInboxView(v));
  EXPECT_EQ(v.name, "返品・破損");
  EXPECT_EQ(v.query, "view=mine&tag=%E8%BF%94%E5%93%81&status=any");
  EXPECT_TRUE(Check("空の条件", ""));  // the default view

  EXPECT_EQ(Check("  ", "view=mine").error().reason, "inbox_view.name");
  std::string sixty;
  for (int i = 0; i < 60; ++i) sixty += "返";  // characters, not bytes
  EXPECT_TRUE(Check(sixty, ""));
  EXPECT_EQ(Check(sixty + "品", "").error().reason, "inbox_view.name");
  EXPECT_EQ(Check("x", "cursor=abc").error().reason, "inbox_view.query");  // not a filter
  EXPECT_EQ(Check("x", "tag=%E8%B").error().reason, "inbox_view.query");   // a cut escape
  EXPECT_EQ(Check("x", "tag=返品").error().reason, "inbox_view.query");    // not encoded
  EXPECT_EQ(Check("x", "tag").error().reason, "inbox_view.query");
  EXPECT_EQ(Check("x", "tag=" + std::string(1000, 'a')).error().reason, "inbox_view.query");
}

}  // namespace
}  // namespace shopdesk
