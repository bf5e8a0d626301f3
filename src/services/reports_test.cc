// Reports over data written at known times (a fake clock moves through five weeks).
#include "services/reports.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "services/conversation_service.h"
#include "services/ingest_service.h"
#include "testing/service_fixture.h"
#include "views/report_json.h"

namespace shopdesk::services {
namespace {

class ReportsTest : public testing::ServiceFixture {
 protected:
  void Receive(int n) {
    IngestService ingest(*db_, clock_);
    std::string mail = Mail("c" + std::to_string(n) + "@x.jp", "件名 " + std::to_string(n), "本文",
                            "r" + std::to_string(n) + "@x");
    // No Date header: the clock starts when the mail arrives.
    mail.erase(mail.find("Date: "),
               mail.find("\r\n", mail.find("Date: ")) + 2 - mail.find("Date: "));
    ASSERT_TRUE(ingest.Ingest(channel_, mail));
  }
  nlohmann::ordered_json Report(ReportKind kind) {
    auto report = BuildReport(*db_, shop_.id, {kind, std::nullopt, std::nullopt}, clock_.Now());
    EXPECT_TRUE(report) << report.error().ToString();
    return report ? views::ReportJson(*report) : nlohmann::ordered_json();
  }
};

TEST_F(ReportsTest, ASaleDayIsFlaggedAgainstTheFourWeekBaseline) {
  int n = 0;
  // Four weeks of two conversations a day, then a quiet week of one a day...
  for (int day = 0; day < 35; ++day) {
    for (int k = 0; k < (day < 28 ? 2 : 1); ++k) Receive(++n);
    clock_.Advance(kMillisPerDay);
  }
  auto health = Report(ReportKind::kHealth);
  EXPECT_TRUE(health["volume_spikes"].empty()) << health.dump();
  // ...and Black Friday: twelve today.
  for (int k = 0; k < 12; ++k) Receive(++n);
  health = Report(ReportKind::kHealth);
  ASSERT_EQ(health["volume_spikes"].size(), 1u) << health.dump();
  EXPECT_EQ(health["volume_spikes"][0]["count"], 12);
  EXPECT_NE(std::find(health["flags"].begin(), health["flags"].end(), "volume_spike"),
            health["flags"].end());
  // Everything older than a day is unanswered and late.
  EXPECT_GT(health["unanswered_over_24h"].get<int>(), 0);
}

TEST_F(ReportsTest, ANewShopsFirstWeekIsNotJudgedForSpikes) {
  // Mail only in the last week, as on the demo shop or a shop that just connected its
  // inbox: against an empty month every day would look like a sale.
  int n = 0;
  for (int day = 0; day < 7; ++day) {
    clock_.Advance(kMillisPerDay);
    for (int k = 0; k < 10; ++k) Receive(++n);
  }
  auto health = Report(ReportKind::kHealth);
  EXPECT_TRUE(health["volume_spikes"].empty()) << health.dump();
  EXPECT_EQ(health["volume_enough_history"], false);
  EXPECT_EQ(health["volume_history_days"], 0);
  EXPECT_EQ(std::find(health["flags"].begin(), health["flags"].end(), "volume_spike"),
            health["flags"].end());
}

TEST_F(ReportsTest, TheLongestWaitingAreEachConversationOnceAndNotOnHold) {
  Receive(1);
  Receive(2);
  Receive(3);
  clock_.Advance(2 * kMillisPerDay);
  auto health = Report(ReportKind::kHealth);
  ASSERT_EQ(health["unanswered_over_24h"], 3) << health.dump();
  // The same customer writes again into the first conversation (no new clock for
  // it), and the shop puts the second on hold, waiting for the customer.
  IngestService ingest(*db_, clock_);
  ASSERT_TRUE(ingest.Ingest(
      channel_, Mail("c1@x.jp", "Re: 件名 1", "まだですか", "r1b@x", "In-Reply-To: <r1@x>\r\n")));
  const ConversationId on_hold =
      health["oldest_unanswered"][1]["conversation_id"].get<ConversationId>();
  ASSERT_TRUE(ConversationService(*db_, clock_)
                  .ChangeStatus(shop_.id, on_hold, ConversationStatus::kOnHold));
  health = Report(ReportKind::kHealth);
  EXPECT_EQ(health["unanswered_over_24h"], 2) << health.dump();
  ASSERT_EQ(health["oldest_unanswered"].size(), 2u) << health.dump();
  std::set<ConversationId> listed;
  for (const auto& row : health["oldest_unanswered"]) {
    listed.insert(row["conversation_id"].get<ConversationId>());
  }
  EXPECT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed.count(on_hold), 0u);
  // Each row says what it is about and who waits, not only a number.
  EXPECT_EQ(health["oldest_unanswered"][0]["subject"], "件名 1");
  EXPECT_EQ(health["oldest_unanswered"][0]["customer_email"], "c1@x.jp");
  EXPECT_EQ(health["oldest_unanswered"][1]["subject"], "件名 3");
}

TEST_F(ReportsTest, VolumeCountsLocalDaysAndAnotherShopSeesNothing) {
  // 2025-11-23T00:00Z is 09:00 in Tokyo; 15 hours later it is the next local day.
  Receive(1);
  clock_.Advance(15 * kMillisPerHour);
  Receive(2);
  auto volume = Report(ReportKind::kVolume);
  ASSERT_EQ(volume["by_day"].size(), 2u) << volume.dump();
  EXPECT_EQ(volume["by_day"][0]["date"], "2025-11-23");
  EXPECT_EQ(volume["by_day"][1]["date"], "2025-11-24");
  auto other = BuildReport(*db_, other_shop_.id, {ReportKind::kVolume, std::nullopt, std::nullopt},
                           clock_.Now());
  ASSERT_TRUE(other);
  EXPECT_EQ(std::get<VolumeReport>(other->body).total, 0);
  EXPECT_EQ(views::ReportCsv(*other), "\xEF\xBB\xBF");
  auto mine =
      BuildReport(*db_, shop_.id, {ReportKind::kVolume, std::nullopt, std::nullopt}, clock_.Now());
  ASSERT_TRUE(mine);
  auto csv = views::ReportCsv(*mine);
  EXPECT_NE(csv.find("date,channel_id,channel,conversations\r\n2025-11-23,"), std::string::npos)
      << csv;
}

}  // namespace
}  // namespace shopdesk::services
