#include <cstdio>

#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/shop_settings.h"

namespace shopdesk::cli {

void RegisterChannelCommands(CLI::App& root, int& exit_code) {
  auto* channel = root.add_subcommand("channel", "add and list a shop's channels");
  channel->require_subcommand(1);

  struct AddArgs {
    std::string db, shop, kind = "email";
    Channel channel;
  };
  auto args = std::make_shared<AddArgs>();
  auto* add = channel->add_subcommand("add", "add a channel (an e-mail address, a marketplace)");
  AddDbOption(*add, args->db);
  add->add_option("--shop", args->shop, "shop slug")->required();
  add->add_option("--kind", args->kind, "email, amazon, ebay or etsy (default email)");
  add->add_option("--name", args->channel.name, "channel name, e.g. support")->required();
  add->add_option("--address", args->channel.address, "the From address of replies")->required();
  add->add_option("--display-name", args->channel.display_name, "the From name of replies");
  auto& mail = args->channel.email;
  add->add_option("--imap-url", mail.imap_url,
                  "mailbox to poll, e.g. imaps://mail.example:993/INBOX");
  add->add_option("--imap-user", mail.imap_user, "IMAP login");
  add->add_option("--imap-password", mail.imap_password, "IMAP password");
  add->add_option("--smtp-url", mail.smtp_url,
                  "SMTP server for replies, e.g. smtp://mail.example:587");
  add->add_option("--smtp-user", mail.smtp_user, "SMTP login");
  add->add_option("--smtp-password", mail.smtp_password, "SMTP password");
  add->add_flag("--smtp-starttls", mail.smtp_starttls, "require STARTTLS on smtp:// URLs");
  add->final_callback([args, &exit_code] {
    auto kind = ParseChannelKind(args->kind);
    if (!kind) {
      return void(exit_code = Fail(Error::InvalidArgument("unknown channel kind '" + args->kind +
                                                          "' (email, amazon, ebay, etsy)")));
    }
    auto session = OpenShop(args->db, args->shop);
    if (!session) return void(exit_code = kExitFailure);
    auto& db = session->db;
    const Shop* shop = &session->shop;
    // The same audited use case as the settings page, with the command line as the actor.
    auto settings = services::ShopSettings::CommandLine(*db, CommandClock(), shop->id);
    Channel c = args->channel;
    c.kind = *kind;
    auto created = settings.AddChannel(c);
    if (!created) return void(exit_code = Fail(created.error()));
    std::printf("added %s channel %s (id %lld) to shop %s\n",
                std::string(ChannelKindName(created->kind)).c_str(), created->name.c_str(),
                static_cast<long long>(created->id), shop->slug.c_str());
  });

  struct ListArgs {
    std::string db, shop;
  };
  auto list_args = std::make_shared<ListArgs>();
  auto* list = channel->add_subcommand("list", "list a shop's channels and their health");
  AddDbOption(*list, list_args->db);
  list->add_option("--shop", list_args->shop, "shop slug")->required();
  list->final_callback([list_args, &exit_code] {
    auto session = OpenShop(list_args->db, list_args->shop);
    if (!session) return void(exit_code = kExitFailure);
    auto& db = session->db;
    const Shop* shop = &session->shop;
    auto channels = db->channels().List(shop->id);
    if (!channels) return void(exit_code = Fail(channels.error()));
    for (const auto& c : *channels) {
      std::printf("%lld\t%s\t%s\t%s\t%s\n", static_cast<long long>(c.id),
                  std::string(ChannelKindName(c.kind)).c_str(), c.name.c_str(), c.address.c_str(),
                  c.healthy ? "ok" : ("error: " + c.last_error).c_str());
    }
  });
}

}  // namespace shopdesk::cli
