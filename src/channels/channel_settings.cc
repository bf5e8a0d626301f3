#include "channels/channel_settings.h"

#include <algorithm>

#include "core/email_address.h"
#include "core/text_normalize.h"

namespace shopdesk::channels {
namespace {

std::string Lookup(const std::map<std::string, std::string>& from, const std::string& name) {
  auto it = from.find(name);
  return it == from.end() ? std::string() : it->second;
}

}  // namespace

Result<std::vector<std::string>> ApplySettings(const std::string& kind,
                                               const std::vector<SettingField>& fields,
                                               const SettingsChange& change,
                                               ChannelSettings& settings) {
  ChannelSettings next = settings;
  std::vector<std::string> changed;
  for (const auto& [name, value] : change) {
    auto field = std::find_if(fields.begin(), fields.end(),
                              [&](const SettingField& f) { return f.name == name; });
    if (field == fields.end()) {
      return Error::InvalidArgument("a " + kind + " channel has no setting '" + name + "'")
          .WithReason("channel.unknown_setting", {{"kind", kind}, {"setting", name}});
    }
    if (field->type == SettingField::Type::kFlag && value != "true" && value != "false") {
      return Error::InvalidArgument("setting '" + name + "' is true or false (got '" + value + "')")
          .WithReason("channel.unknown_setting", {{"kind", kind}, {"setting", name}});
    }
    auto& store = field->type == SettingField::Type::kSecret ? next.secrets : next.values;
    // An empty value and a false flag are stored as nothing.
    const std::string stored =
        value == "false" && field->type == SettingField::Type::kFlag ? std::string() : value;
    if (Lookup(store, name) == stored) continue;
    if (stored.empty()) {
      store.erase(name);
    } else {
      store[name] = stored;
    }
    changed.push_back(name);
  }
  settings = std::move(next);
  return changed;
}

Status CheckFromAddress(Channel& channel) {
  channel.address = AsciiLower(channel.address);
  if (!LooksLikeEmailAddress(channel.address)) {
    return Error::InvalidArgument("channel address '" + channel.address +
                                  "' is not an e-mail address (--address support@example.com)");
  }
  return Ok();
}

std::string SettingOf(const Channel& channel, const std::string& name) {
  return Lookup(channel.settings.values, name);
}

std::string SecretOf(const Channel& channel, const std::string& name) {
  return Lookup(channel.settings.secrets, name);
}

bool FlagOf(const Channel& channel, const std::string& name) {
  return SettingOf(channel, name) == "true";
}

}  // namespace shopdesk::channels
