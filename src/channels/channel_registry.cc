#include "channels/channel_registry.h"

#include <algorithm>
#include <utility>

namespace shopdesk::channels {

ChannelRegistry& ChannelRegistry::Add(std::string kind, const ChannelAdapter& adapter) {
  adapters_[std::move(kind)] = &adapter;
  return *this;
}

Result<const ChannelAdapter*> ChannelRegistry::For(const std::string& kind) const {
  auto it = adapters_.find(kind);
  if (it != adapters_.end()) return it->second;
  std::string known;
  for (const auto& name : Kinds()) known += (known.empty() ? "" : ", ") + name;
  return Error::InvalidArgument("channel kind '" + kind + "' is unknown (kinds: " + known + ")")
      .WithReason("channel.unknown_kind", {{"kind", kind}, {"kinds", known}});
}

ChannelCapabilities ChannelRegistry::CapabilitiesOf(const std::string& kind) const {
  auto it = adapters_.find(kind);
  return it == adapters_.end() ? ChannelCapabilities{} : it->second->Capabilities();
}

ChannelCapabilities ChannelRegistry::ConfiguredFor(const Channel& channel) const {
  auto it = adapters_.find(channel.kind);
  return it == adapters_.end() ? ChannelCapabilities{} : it->second->Configured(channel);
}

std::vector<std::string> ChannelRegistry::Kinds() const {
  std::vector<std::string> kinds;
  for (const auto& entry : adapters_) kinds.push_back(entry.first);
  return kinds;
}

std::vector<const SettingField*> ChannelRegistry::AllSettingFields() const {
  std::vector<const SettingField*> fields;
  for (const auto& entry : adapters_) {
    for (const auto& field : entry.second->SettingFields()) {
      const bool known = std::any_of(fields.begin(), fields.end(),
                                     [&](const SettingField* f) { return f->name == field.name; });
      if (!known) fields.push_back(&field);
    }
  }
  return fields;
}

}  // namespace shopdesk::channels
