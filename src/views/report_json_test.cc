// The report documents' exact shape: key order, rounding, nulls and the CSV export.
#include "views/report_json.h"

#include <gtest/gtest.h>

namespace shopdesk::views {
namespace {

Report Made(ReportKind kind, decltype(Report::body) body) {
  return Report{kind, ParseIso8601("2026-11-01T00:00:00+09:00").value(),
                ParseIso8601("2026-12-01T00:00:00+09:00").value(), "Asia/Tokyo", std::move(body)};
}

TEST(ReportJsonTest, SharesAreCutToFourDecimalsAndNullWithoutAWhole) {
  FirstResponseReport r;
  r.all = {{3, 60, 7200}, {2, 3}, {1, 3}};
  r.by_channel.push_back({1, "support", {{3, 60, 7200}, {2, 3}, {1, 3}}});
  r.by_agent.push_back({7, "佐藤", {{0, std::nullopt, std::nullopt}, {0, 0}, {0, 0}}});
  const auto json = ReportJson(Made(ReportKind::kFirstResponse, r));
  EXPECT_EQ(json.dump(),
            R"({"report":"first-response","from":"2026-10-31T15:00:00.000Z",)"
            R"("to":"2026-11-30T15:00:00.000Z","time_zone":"Asia/Tokyo","count":3,)"
            R"("median_seconds":60,"p90_seconds":7200,"within_24h_share":0.6666,)"
            R"("within_target_share":0.3333,"by_channel":[{"scope":"channel","id":1,)"
            R"("name":"support","count":3,"median_seconds":60,"p90_seconds":7200,)"
            R"("within_24h_share":0.6666,"within_target_share":0.3333}],)"
            R"("by_agent":[{"scope":"agent","id":7,"name":"佐藤","count":0,)"
            R"("median_seconds":null,"p90_seconds":null,"within_24h_share":null,)"
            R"("within_target_share":null}],"table":[{"scope":"channel","id":1,)"
            R"("name":"support","count":3,"median_seconds":60,"p90_seconds":7200,)"
            R"("within_24h_share":0.6666,"within_target_share":0.3333},{"scope":"agent",)"
            R"("id":7,"name":"佐藤","count":0,"median_seconds":null,"p90_seconds":null,)"
            R"("within_24h_share":null,"within_target_share":null}]})");
  // Nulls are empty CSV fields; the byte order mark and CRLF are there for Excel.
  EXPECT_EQ(ReportCsv(Made(ReportKind::kFirstResponse, r)),
            "\xEF\xBB\xBF"
            "scope,id,name,count,median_seconds,p90_seconds,within_24h_share,"
            "within_target_share\r\n"
            "channel,1,support,3,60,7200,0.6666,0.3333\r\n"
            "agent,7,佐藤,0,,,,\r\n");
}

TEST(ReportJsonTest, HealthFlagsWhatNeedsAttentionAndCutsRatiosToTwoDecimals) {
  HealthReport r;
  r.at = ParseIso8601("2026-11-30T12:00:00+09:00").value();
  r.unanswered_over_24h = 2;
  r.late_responses_30d = 0;
  r.first_response_within_24h_30d = {1, 3};
  r.volume.baseline_per_day = 3;
  r.volume.history_days = 28;
  r.volume.enough_history = true;
  r.volume.spikes.push_back({CivilDate{2026, 11, 27}, 20});
  const auto json = ReportJson(Made(ReportKind::kHealth, r));
  EXPECT_EQ(json["flags"].dump(), R"(["unanswered_over_24h","volume_spike"])");
  EXPECT_EQ(json["volume_spikes"].dump(),
            R"([{"date":"2026-11-27","count":20,"baseline_per_day":3.0,"ratio":6.66}])");
  EXPECT_EQ(json["first_response_within_24h_share_30d"], 0.3333);
  EXPECT_EQ(json["at"], "2026-11-30T03:00:00.000Z");
  EXPECT_EQ(ReportCsv(Made(ReportKind::kHealth, r)),
            "\xEF\xBB\xBF"
            "figure,value\r\n"
            "unanswered_over_24h,2\r\n"
            "late_responses_30d,0\r\n"
            "first_response_within_24h_share_30d,0.3333\r\n"
            "volume_spike_days_7d,1\r\n");
}

TEST(ReportJsonTest, BacklogListsEveryStatusAndAgeEvenWhenEmpty) {
  BacklogReport r;
  r.at = ParseIso8601("2026-11-30T12:00:00+09:00").value();
  r.total = 4;
  r.by_age = {1, 0, 0, 3};
  r.by_status[2] = {0, 0, 0, 3};  // on hold, over a week
  r.by_status[0] = {1, 0, 0, 0};
  const auto json = ReportJson(Made(ReportKind::kBacklog, r));
  ASSERT_EQ(json["table"].size(), 12u);
  EXPECT_EQ(json["table"][0].dump(), R"({"status":"open","age":"under_1d","count":1})");
  EXPECT_EQ(json["table"][11].dump(), R"({"status":"on_hold","age":"over_7d","count":3})");
  EXPECT_EQ(json["by_age"][3].dump(), R"({"age":"over_7d","count":3})");
}

TEST(ReportJsonTest, CsvQuotesNamesWithCommasQuotesAndLineBreaks) {
  VolumeReport r;
  r.total = 2;
  r.by_day.push_back({CivilDate{2026, 11, 3}, 2, {{4, "Shop, \"本店\"", 2}}});
  EXPECT_EQ(ReportCsv(Made(ReportKind::kVolume, r)),
            "\xEF\xBB\xBF"
            "date,channel_id,channel,conversations\r\n"
            "2026-11-03,4,\"Shop, \"\"本店\"\"\",2\r\n");
  // A report without rows is the byte order mark alone.
  EXPECT_EQ(ReportCsv(Made(ReportKind::kVolume, VolumeReport{})), "\xEF\xBB\xBF");
}

TEST(ReportJsonTest, ALateResponseStillWaitingHasNoAnswerTime) {
  LateResponsesReport r;
  r.count = 1;
  r.by_channel.push_back({1, "support", 1});
  r.listed.push_back({10, 20, 1, "support", ParseIso8601("2026-11-28T00:00:00Z").value(),
                      ParseIso8601("2026-11-29T00:00:00Z").value(), std::nullopt, 3600, false});
  const auto json = ReportJson(Made(ReportKind::kLateResponses, r));
  EXPECT_EQ(json["listed"], 1);
  EXPECT_EQ(json["table"][0].dump(),
            R"({"conversation_id":10,"message_id":20,"channel_id":1,"channel":"support",)"
            R"("received_at":"2026-11-28T00:00:00.000Z","due_at":"2026-11-29T00:00:00.000Z",)"
            R"("answered_at":null,"late_seconds":3600,"answered":false})");
}

}  // namespace
}  // namespace shopdesk::views
