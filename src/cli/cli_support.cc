#include "cli/cli_support.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

#include "core/clock.h"
#include "services/admin_service.h"

namespace shopdesk::cli {

namespace {

// Set once while the command line is parsed (one thread, before any command runs), read
// after; hence no lock.
std::optional<ShiftedClock>& TestClock() {
  static std::optional<ShiftedClock> clock;
  return clock;
}

}  // namespace

Result<TestClockSetting> ParseTestClock(std::string_view value, Timestamp system_now) {
  const auto at = value.find('@');
  const std::string_view time = value.substr(0, at);
  auto start = ParseIso8601(time);
  if (!start) {
    return Error::InvalidArgument("--test-clock '" + std::string(value) +
                                  "': not an ISO 8601 time such as 2026-12-02T09:47:00+09:00");
  }
  TestClockSetting setting{*start, system_now};
  if (at != std::string_view::npos) {
    const std::string_view anchor = value.substr(at + 1);
    double seconds = 0;
    const auto [end, ec] = std::from_chars(anchor.data(), anchor.data() + anchor.size(), seconds);
    if (anchor.empty() || ec != std::errc() || end != anchor.data() + anchor.size() ||
        !std::isfinite(seconds) || seconds < 0) {
      return Error::InvalidArgument("--test-clock '" + std::string(value) +
                                    "': the part after @ is not Unix seconds");
    }
    setting.anchor = static_cast<Timestamp>(std::llround(seconds * kMillisPerSecond));
  }
  return setting;
}

const Clock& CommandClock() {
  if (const auto& clock = TestClock()) return *clock;
  return SystemClock::Instance();
}

void AddDbOption(CLI::App& command, std::string& db) {
  db = kDefaultDb;
  command.add_option("--db", db, "database URL: sqlite:PATH (default sqlite:data/shopdesk.db)");
  command
      .add_option_function<std::string>(
          "--test-clock",
          [](const std::string& value) {
            auto setting = ParseTestClock(value, SystemClock::Instance().Now());
            if (!setting) throw CLI::ValidationError("--test-clock", setting.error().message);
            TestClock().emplace(setting->start, setting->anchor);
            std::fprintf(stderr, "shopdesk: --test-clock: the clock reads %s (for tests only)\n",
                         FormatIso8601(TestClock()->Now()).c_str());
          },
          "FOR TESTS ONLY: run on a clock that reads TIME (ISO 8601) now, or at the Unix "
          "second ANCHOR with TIME@ANCHOR, and advances in real time")
      ->group("Testing");
}

int Fail(const Error& error) {
  std::fprintf(stderr, "shopdesk: %s\n", error.message.c_str());
  return kExitFailure;
}

std::unique_ptr<store::Database> OpenOrReport(const std::string& url) {
  auto db = store::OpenDatabase(url);
  if (!db) {
    Fail(db.error());
    return nullptr;
  }
  return std::move(*db);
}

std::optional<ShopSession> OpenShop(const std::string& url, const std::string& slug) {
  auto db = OpenOrReport(url);
  if (!db) return std::nullopt;
  services::AdminService admin(*db, CommandClock());
  auto shop = admin.FindShop(slug);
  if (!shop) {
    Fail(shop.error());
    return std::nullopt;
  }
  return ShopSession{std::move(db), std::move(*shop)};
}

}  // namespace shopdesk::cli
