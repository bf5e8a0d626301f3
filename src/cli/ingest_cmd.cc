#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/admin_service.h"
#include "services/ingest_service.h"

namespace shopdesk::cli {
namespace {

Result<std::string> ReadSource(const std::string& path) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    return buffer.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("file", path);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error::Unavailable("could not read " + path);
  return bytes;
}

}  // namespace

void RegisterIngestCommand(CLI::App& root, int& exit_code) {
  struct Args {
    std::string db, shop, channel;
    std::vector<std::string> files;
    std::int64_t max_attachment_mb = 25;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = root.add_subcommand(
      "ingest",
      "store mail given as files or on stdin (an MTA can pipe into `shopdesk ingest ... -`).\n"
      "Exit 0 when every message is stored or recognised as a duplicate.");
  AddDbOption(*cmd, args->db);
  cmd->add_option("--shop", args->shop, "shop slug")->required();
  cmd->add_option("--channel", args->channel, "channel name")->required();
  cmd->add_option("--max-attachment-mb", args->max_attachment_mb,
                  "attachments over this are replaced by a note (default 25)");
  cmd->add_option("files", args->files, "RFC 5322 message files; '-' or none reads stdin");
  cmd->final_callback([args, &exit_code] {
    auto session = OpenShop(args->db, args->shop);
    if (!session) return void(exit_code = kExitFailure);
    auto& db = session->db;
    const Shop* shop = &session->shop;
    services::AdminService admin(*db, CommandClock());
    auto channel = admin.FindChannel(shop->id, args->channel);
    if (!channel) return void(exit_code = Fail(channel.error()));
    services::IngestOptions options;
    options.parse.max_attachment_bytes = args->max_attachment_mb * 1024 * 1024;
    services::IngestService ingest(*db, CommandClock(), options);
    if (args->files.empty()) args->files.push_back("-");
    int failures = 0;
    for (const auto& file : args->files) {
      auto raw = ReadSource(file);
      auto outcome = raw ? ingest.Ingest(*channel, std::move(*raw)) : raw.error();
      const char* name = file == "-" ? "stdin" : file.c_str();
      if (!outcome) {
        ++failures;
        std::fprintf(stderr, "shopdesk: %s: not stored: %s\n", name,
                     outcome.error().message.c_str());
        continue;
      }
      if (outcome->duplicate) {
        std::printf("%s: duplicate of message %lld (conversation %lld); nothing changed\n", name,
                    static_cast<long long>(outcome->message_id),
                    static_cast<long long>(outcome->conversation_id));
      } else {
        std::printf("%s: stored message %lld in %s conversation %lld\n", name,
                    static_cast<long long>(outcome->message_id),
                    outcome->new_conversation ? "new" : "existing",
                    static_cast<long long>(outcome->conversation_id));
      }
      if (!outcome->decode_note.empty()) {
        std::fprintf(stderr, "shopdesk: %s: note: %s\n", name, outcome->decode_note.c_str());
      }
    }
    exit_code = failures == 0 ? kExitOk : kExitFailure;
  });
}

}  // namespace shopdesk::cli
