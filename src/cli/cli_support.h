#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "core/shop.h"
#include "store/database.h"

namespace shopdesk::cli {

constexpr const char* kDefaultDb = "sqlite:data/shopdesk.db";

// Exit codes: 0 success, 1 a failure the printed message explains, 2 usage.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Adds the common options to a subcommand: --db, and the test-only --test-clock.
void AddDbOption(CLI::App& command, std::string& db);

// The clock every subcommand reads the time from: the system clock, unless the command
// was given `--test-clock TIME[@ANCHOR]`. That option exists for tests that must run at
// a chosen hour of a chosen day (09:47 on a Wednesday in Tokyo, New Year's Eve, a
// holiday) whatever the machine's clock says; a production deployment never passes it,
// and the command says so on stderr when it is given. The clock reads TIME at the
// instant ANCHOR (Unix seconds of the system clock, fractions allowed; default: when the
// command started) and advances in real time, so timers, sweeps and leases keep working,
// and several processes given the same TIME@ANCHOR agree to the millisecond.
const Clock& CommandClock();

// Parses a --test-clock value ("2026-12-02T09:47:00+09:00" or
// "2026-12-02T09:47:00+09:00@1764636420.250"): the shifted clock's start and anchor.
// `system_now` is the anchor when none is given.
struct TestClockSetting {
  Timestamp start = 0;
  Timestamp anchor = 0;
};
Result<TestClockSetting> ParseTestClock(std::string_view value, Timestamp system_now);

// Prints "shopdesk: <message>" to stderr and returns the exit code for `error`.
int Fail(const Error& error);

// Opens the database (applying migrations), or prints why not and returns nullptr.
std::unique_ptr<store::Database> OpenOrReport(const std::string& url);

// The database and one shop of it, for commands that work on a shop.
struct ShopSession {
  std::unique_ptr<store::Database> db;
  Shop shop;
};
// Opens the database and finds the shop by slug, or prints why not (nullopt).
std::optional<ShopSession> OpenShop(const std::string& url, const std::string& slug);

// A subcommand's registration: adds itself to `root`, and on selection stores its
// exit code in `exit_code`.
using Registrar = void (*)(CLI::App& root, int& exit_code);

void RegisterShopCommands(CLI::App& root, int& exit_code);
void RegisterChannelCommands(CLI::App& root, int& exit_code);
void RegisterUserCommands(CLI::App& root, int& exit_code);
void RegisterIngestCommand(CLI::App& root, int& exit_code);
void RegisterExportCommand(CLI::App& root, int& exit_code);
void RegisterMigrateCommand(CLI::App& root, int& exit_code);
void RegisterWorkerCommands(CLI::App& root, int& exit_code);
void RegisterServeCommands(CLI::App& root, int& exit_code);
void RegisterBackupCommands(CLI::App& root, int& exit_code);
void RegisterPrivacyCommands(CLI::App& root, int& exit_code);
void RegisterCalendarCommands(CLI::App& root, int& exit_code);
void RegisterReportCommand(CLI::App& root, int& exit_code);

}  // namespace shopdesk::cli
