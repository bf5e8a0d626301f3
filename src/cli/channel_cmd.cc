#include <algorithm>
#include <cstdio>
#include <map>

#include "channels/channel_registry.h"
#include "cli/cli_support.h"
#include "core/clock.h"
#include "services/shop_settings.h"

namespace shopdesk::cli {

void RegisterChannelCommands(CLI::App& root, int& exit_code) {
  auto* channel = root.add_subcommand("channel", "add and list a shop's channels");
  channel->require_subcommand(1);

  struct AddArgs {
    std::string db, shop;
    Channel channel;
    // Every setting some kind takes, as --dashed-name options (a setting the kind does
    // not take is refused, naming the kind); std::map keeps the bound values in place.
    std::map<std::string, std::string> texts;
    std::map<std::string, bool> flags;
    std::map<std::string, CLI::Option*> options;
  };
  auto args = std::make_shared<AddArgs>();
  const auto& registry = channels::BuiltInChannels();
  std::string kinds;
  for (const auto& kind : registry.Kinds()) kinds += (kinds.empty() ? "" : ", ") + kind;
  auto* add = channel->add_subcommand("add", "add a channel (an e-mail address, a marketplace)");
  AddDbOption(*add, args->db);
  add->add_option("--shop", args->shop, "shop slug")->required();
  add->add_option("--kind", args->channel.kind, kinds + " (default email)");
  add->add_option("--name", args->channel.name, "channel name, e.g. support")->required();
  add->add_option("--address", args->channel.address, "the From address of replies")->required();
  add->add_option("--display-name", args->channel.display_name, "the From name of replies");
  for (const auto* field : registry.AllSettingFields()) {
    std::string option = "--" + field->name;
    std::replace(option.begin(), option.end(), '_', '-');
    args->options[field->name] =
        field->type == channels::SettingField::Type::kFlag
            ? add->add_flag(option, args->flags[field->name], field->help)
            : add->add_option(option, args->texts[field->name], field->help);
  }
  add->final_callback([args, &exit_code] {
    auto session = OpenShop(args->db, args->shop);
    if (!session) return void(exit_code = kExitFailure);
    auto& db = session->db;
    const Shop* shop = &session->shop;
    channels::SettingsChange given;
    for (const auto& [name, option] : args->options) {
      if (option->count() == 0) continue;
      auto flag = args->flags.find(name);
      given[name] =
          flag != args->flags.end() ? (flag->second ? "true" : "false") : args->texts[name];
    }
    // The same audited use case as the settings page, with the command line as the actor.
    auto settings = services::ShopSettings::CommandLine(*db, CommandClock(), shop->id);
    auto created = settings.AddChannel(args->channel, given);
    if (!created) return void(exit_code = Fail(created.error()));
    std::printf("added %s channel %s (id %lld) to shop %s\n", created->kind.c_str(),
                created->name.c_str(), static_cast<long long>(created->id), shop->slug.c_str());
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
      std::printf("%lld\t%s\t%s\t%s\t%s\n", static_cast<long long>(c.id), c.kind.c_str(),
                  c.name.c_str(), c.address.c_str(),
                  c.healthy ? "ok" : ("error: " + c.last_error).c_str());
    }
  });
}

}  // namespace shopdesk::cli
