#pragma once

// The channel adapters a process knows, by channel kind. The product's list is
// BuiltInChannels() (all_channels.cc); services take a registry (the built-in one by
// default) so that a test can give them its own, e.g. testing/fake_channel.h.

#include <map>
#include <string>
#include <vector>

#include "channels/channel_adapter.h"
#include "core/channel.h"
#include "core/result.h"

namespace shopdesk::channels {

class ChannelRegistry {
 public:
  // Registers `adapter` (which must outlive the registry) for the kind named `kind`
  // (lower-case, e.g. "email"), replacing an earlier one.
  ChannelRegistry& Add(std::string kind, const ChannelAdapter& adapter);

  // InvalidArgument (reason channel.unknown_kind) for a kind without an adapter: the
  // message lists the kinds there are.
  Result<const ChannelAdapter*> For(const std::string& kind) const;
  // What the kind's adapter can do; nothing for a kind without one.
  ChannelCapabilities CapabilitiesOf(const std::string& kind) const;
  // What `channel` can do under its settings now; nothing for a kind without an adapter.
  ChannelCapabilities ConfiguredFor(const Channel& channel) const;
  // The kinds registered, in name order.
  std::vector<std::string> Kinds() const;
  // Every setting some kind takes, once per name (as the first kind by name declares
  // it): what an API body or the command line may carry before its kind is known.
  std::vector<const SettingField*> AllSettingFields() const;

 private:
  std::map<std::string, const ChannelAdapter*> adapters_;
};

// Every channel adapter of the product, in the one list of all_channels.cc.
const ChannelRegistry& BuiltInChannels();

}  // namespace shopdesk::channels
