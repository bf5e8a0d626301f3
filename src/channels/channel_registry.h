#pragma once

// The channel adapters a process knows, by channel kind. The product's list is
// BuiltInChannels() (all_channels.cc); services take a registry (the built-in one by
// default) so that a test can give them its own, e.g. testing/fake_channel.h.

#include <map>

#include "channels/channel_adapter.h"
#include "core/channel.h"
#include "core/result.h"

namespace shopdesk::channels {

class ChannelRegistry {
 public:
  // Registers `adapter` (which must outlive the registry) for `kind`, replacing an
  // earlier one.
  ChannelRegistry& Add(ChannelKind kind, const ChannelAdapter& adapter);

  // NotFound for a kind without an adapter.
  Result<const ChannelAdapter*> For(ChannelKind kind) const;
  // What the kind's adapter can do; nothing for a kind without one.
  ChannelCapabilities CapabilitiesOf(ChannelKind kind) const;

 private:
  std::map<ChannelKind, const ChannelAdapter*> adapters_;
};

// Every channel adapter of the product, in the one list of all_channels.cc.
const ChannelRegistry& BuiltInChannels();

}  // namespace shopdesk::channels
