#include <chrono>
#include <cstdio>
#include <deque>
#include <fstream>
#include <future>
#include <iostream>
#include <iterator>
#include <sstream>

#include "channels/email/mbox_reader.h"
#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/admin_service.h"
#include "services/inbound/inbound_pipeline.h"
#include "services/workers/ingest_committer.h"

namespace shopdesk::cli {
namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("file", path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error::Unavailable("could not read " + path);
  return bytes;
}

struct Tally {
  int stored = 0, duplicates = 0, failures = 0;
};

// Prints one item's result, once its batch is committed.
void Report(const std::string& name, const Result<services::IngestOutcome>& outcome, Tally& tally) {
  if (!outcome) {
    ++tally.failures;
    std::fprintf(stderr, "shopdesk: %s: not stored: %s\n", name.c_str(),
                 outcome.error().message.c_str());
    return;
  }
  if (outcome->duplicate) {
    ++tally.duplicates;
    std::printf("%s: duplicate of message %lld (conversation %lld); nothing changed\n",
                name.c_str(), static_cast<long long>(outcome->message_id),
                static_cast<long long>(outcome->conversation_id));
  } else {
    ++tally.stored;
    std::printf("%s: stored message %lld in %s conversation %lld\n", name.c_str(),
                static_cast<long long>(outcome->message_id),
                outcome->new_conversation ? "new" : "existing",
                static_cast<long long>(outcome->conversation_id));
  }
  if (!outcome->decode_note.empty()) {
    std::fprintf(stderr, "shopdesk: %s: note: %s\n", name.c_str(), outcome->decode_note.c_str());
  }
}

// Feeds items to the committer in input order and reports each after its commit.
class IngestRun {
 public:
  IngestRun(services::IngestCommitter& committer, const Channel& channel,
            const services::InboundShopRules& rules)
      : committer_(committer), channel_(channel), rules_(rules) {}

  void Add(std::string name, Result<std::string> raw) {
    auto item =
        raw ? services::PrepareInboundItem(channel_, committer_.options(), rules_, std::move(*raw))
            : Result<services::InboundItem>(raw.error());
    in_flight_.push_back({std::move(name), committer_.Submit(channel_, std::move(item))});
    // Report what is committed already, so output follows the work.
    while (!in_flight_.empty() && in_flight_.front().second.wait_for(std::chrono::seconds(0)) ==
                                      std::future_status::ready) {
      Pop();
    }
  }

  Tally Finish() {
    while (!in_flight_.empty()) Pop();
    return tally_;
  }

 private:
  void Pop() {
    auto& [name, future] = in_flight_.front();
    Report(name, future.get(), tally_);
    in_flight_.pop_front();
  }

  services::IngestCommitter& committer_;
  const Channel& channel_;
  const services::InboundShopRules& rules_;
  std::deque<std::pair<std::string, std::future<Result<services::IngestOutcome>>>> in_flight_;
  Tally tally_;
};

}  // namespace

void RegisterIngestCommand(CLI::App& root, int& exit_code) {
  struct Args {
    std::string db, shop, channel;
    std::vector<std::string> files;
    std::int64_t max_attachment_mb = 25;
    bool mbox = false;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "ingest",
      "store mail given as files or on stdin (an MTA can pipe into `shopdesk ingest ... -`).\n"
      "Mail is committed in batches; each is reported once it is durable.\n"
      "Exit 0 when every message is stored or recognised as a duplicate.");
  AddDbOption(*cmd, args->db);
  cmd->add_option("--shop", args->shop, "shop slug")->required();
  cmd->add_option("--channel", args->channel, "channel name")->required();
  cmd->add_option("--max-attachment-mb", args->max_attachment_mb,
                  "attachments over this are replaced by a note (default 25)");
  cmd->add_flag("--mbox", args->mbox,
                "each file (and stdin) is an mbox holding many mails, split at \"From \" lines");
  cmd->add_option("files", args->files, "RFC 5322 message files; '-' or none reads stdin");
  cmd->final_callback([args, &exit_code] {
    auto session = OpenShop(args->db, args->shop);
    if (!session) return void(exit_code = kExitFailure);
    auto& db = session->db;
    const Shop* shop = &session->shop;
    services::AdminService admin(*db, CommandClock());
    auto channel = admin.FindChannel(shop->id, args->channel);
    if (!channel) return void(exit_code = Fail(channel.error()));
    auto rules = services::LoadInboundShopRules(*db, shop->id);
    if (!rules) return void(exit_code = Fail(rules.error()));
    services::IngestOptions options;
    options.parse.max_attachment_bytes = args->max_attachment_mb * 1024 * 1024;
    if (args->files.empty()) args->files.push_back("-");

    const auto started = std::chrono::steady_clock::now();
    Tally tally;
    {
      // From here on the committer's thread alone uses the database.
      services::IngestCommitter committer(*db, CommandClock(), options);
      IngestRun run(committer, *channel, *rules);
      for (const auto& file : args->files) {
        const std::string name = file == "-" ? "stdin" : file;
        if (!args->mbox) {
          if (file == "-") {
            std::ostringstream buffer;
            buffer << std::cin.rdbuf();
            run.Add(name, buffer.str());
          } else {
            run.Add(name, ReadFile(file));
          }
          continue;
        }
        std::ifstream stream;
        std::istream* in = &std::cin;
        if (file != "-") {
          stream.open(file, std::ios::binary);
          if (!stream) {
            run.Add(name, Error::NotFound("file", file));
            continue;
          }
          in = &stream;
        }
        channels::email::MboxReader reader(*in);
        std::string message;
        for (int n = 1; reader.Next(&message); ++n) {
          run.Add(name + "#" + std::to_string(n), std::move(message));
        }
      }
      tally = run.Finish();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const int total = tally.stored + tally.duplicates + tally.failures;
    std::fflush(stdout);
    if (total > 1) {
      std::fprintf(stderr,
                   "shopdesk: %d stored, %d duplicates, %d failed in %.1f s (%.0f mails/s)\n",
                   tally.stored, tally.duplicates, tally.failures, seconds,
                   seconds > 0 ? total / seconds : 0.0);
    }
    exit_code = tally.failures == 0 ? kExitOk : kExitFailure;
  });
}

}  // namespace shopdesk::cli
