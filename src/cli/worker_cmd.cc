#include <cstdio>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/response_clock.h"
#include "services/workers/outbox_worker.h"
#include "services/workers/poll_worker.h"

namespace shopdesk::cli {

// One round of a background worker, for cron jobs and scripts; `shopdesk serve`
// runs the same workers continuously.
void RegisterWorkerCommands(CLI::App& root, int& exit_code) {
  auto poll_db = std::make_shared<std::string>();
  auto* poll = root.add_subcommand("poll", "fetch new mail from every IMAP channel once");
  AddDbOption(*poll, *poll_db);
  poll->final_callback([poll_db, &exit_code] {
    auto db = OpenOrReport(*poll_db);
    if (!db) return void(exit_code = kExitFailure);
    services::PollPolicy policy;
    policy.only_due = false;  // by hand or from cron: every mailbox, now
    services::PollWorker worker(*db, CommandClock(), {}, policy);
    auto run = worker.RunOnce();
    if (!run) return void(exit_code = Fail(run.error()));
    std::printf("polled %d channels: %d stored, %d duplicates, %d errors\n", run->channels,
                run->stored, run->duplicates, run->errors);
    exit_code = run->errors == 0 ? kExitOk : kExitFailure;
  });

  auto send_db = std::make_shared<std::string>();
  auto* send = root.add_subcommand("send", "deliver the queued replies that are due, once");
  AddDbOption(*send, *send_db);
  send->final_callback([send_db, &exit_code] {
    auto db = OpenOrReport(*send_db);
    if (!db) return void(exit_code = kExitFailure);
    services::OutboxWorker worker(*db, CommandClock());
    auto run = worker.RunOnce();
    if (!run) return void(exit_code = Fail(run.error()));
    std::printf("sent %d, retrying later %d, failed %d\n", run->sent, run->retried, run->failed);
  });

  auto sweep_db = std::make_shared<std::string>();
  auto* sweep = root.add_subcommand(
      "sla-sweep", "fire the response-clock warnings and breaches that are due, once");
  AddDbOption(*sweep, *sweep_db);
  sweep->final_callback([sweep_db, &exit_code] {
    auto db = OpenOrReport(*sweep_db);
    if (!db) return void(exit_code = kExitFailure);
    services::SweepCounts total;
    for (;;) {
      constexpr int kBatch = 200;
      auto run = services::SweepResponseClocks(*db, CommandClock().Now(), kBatch);
      if (!run) return void(exit_code = Fail(run.error()));
      total.conversations += run->conversations;
      total.warnings += run->warnings;
      total.breaches += run->breaches;
      if (run->conversations < kBatch) break;
    }
    std::printf("checked %d conversations: %d warnings, %d breaches\n", total.conversations,
                total.warnings, total.breaches);
  });
}

}  // namespace shopdesk::cli
