#include "channels/channel_registry.h"

#include <string>

namespace shopdesk::channels {

ChannelRegistry& ChannelRegistry::Add(ChannelKind kind, const ChannelAdapter& adapter) {
  adapters_[kind] = &adapter;
  return *this;
}

Result<const ChannelAdapter*> ChannelRegistry::For(ChannelKind kind) const {
  auto it = adapters_.find(kind);
  if (it == adapters_.end()) {
    return Error::NotFound("channel adapter", std::string(ChannelKindName(kind)));
  }
  return it->second;
}

ChannelCapabilities ChannelRegistry::CapabilitiesOf(ChannelKind kind) const {
  auto it = adapters_.find(kind);
  return it == adapters_.end() ? ChannelCapabilities{} : it->second->Capabilities();
}

}  // namespace shopdesk::channels
