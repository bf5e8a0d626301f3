#pragma once

// The settings a kind of channel takes, as its adapter declares them, and the one way
// they are changed and read. The API body, the CLI's options and the settings page
// name them as declared here; services pass them through without knowing any.

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/channel.h"
#include "core/result.h"

namespace shopdesk::channels {

struct SettingField {
  enum class Type {
    kText,    // shown by the API as it is stored (an adapter may show less, e.g. a URL)
    kSecret,  // kept in ChannelSettings::secrets, never shown, never audited
    kFlag,    // "true" or "false"; the API takes and shows a JSON boolean
  };
  std::string name;  // snake_case: the API's field; the CLI's --option with dashes
  Type type = Type::kText;
  std::string help;  // one line for `shopdesk channel add --help`
};

// New values by field name; a flag is "true" or "false".
using SettingsChange = std::map<std::string, std::string>;

// One entry of what the API shows about a channel's settings.
struct ShownSetting {
  std::string name;
  std::variant<std::string, bool> value;
};

// Applies `change` to `settings` as `fields` declare them (secrets apart) and returns
// the names whose value changed, for the audit log. InvalidArgument (reason
// channel.unknown_setting) names a field the kind does not take, or a flag that is
// neither "true" nor "false"; `settings` is then unchanged.
Result<std::vector<std::string>> ApplySettings(const std::string& kind,
                                               const std::vector<SettingField>& fields,
                                               const SettingsChange& change,
                                               ChannelSettings& settings);

// Lower-cases the channel's address (the From of its replies) and checks that it is an
// e-mail address: InvalidArgument otherwise.
Status CheckFromAddress(Channel& channel);

// A setting's stored value ("" when unset), a secret's, and a flag's.
std::string SettingOf(const Channel& channel, const std::string& name);
std::string SecretOf(const Channel& channel, const std::string& name);
bool FlagOf(const Channel& channel, const std::string& name);

}  // namespace shopdesk::channels
