#pragma once

// The shop's settings, channels and teams, changed by its owners and admins; each
// change is recorded in the audit log in the same transaction. Not thread-safe (one
// Database); create one per request.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "channels/channel_adapter.h"
#include "channels/channel_registry.h"
#include "core/agent.h"
#include "core/channel.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/shop.h"
#include "core/team.h"
#include "services/audit_log.h"
#include "store/database.h"

namespace shopdesk::services {

struct ShopChange {
  std::optional<std::string> name;
  std::optional<std::string> time_zone;  // IANA name, e.g. "Asia/Tokyo"
  // Replaces the shop's system senders (core/sender_rules.h): each "a@b", "@domain"
  // or "local@"; trimmed and lower-cased, duplicates dropped, at most 200.
  std::optional<std::vector<std::string>> system_senders;
};

// Only the fields given change; kind and name of a channel never do.
struct ChannelChange {
  std::optional<std::string> address;
  std::optional<std::string> display_name;
  // The kind's own settings, as its adapter declares them (SettingFields).
  channels::SettingsChange settings;
};

class ShopSettings {
 public:
  // `by` is the acting agent (PermissionDenied unless owner or admin), `remote_address`
  // where the request came from, for the audit log.
  // `channels` try a channel's settings (TestChannel).
  ShopSettings(store::Database& db, const Clock& clock, const Agent& by, std::string remote_address,
               const channels::ChannelRegistry& channels = channels::BuiltInChannels());
  // The operator at the command line (`shopdesk channel add`): allowed everything in
  // `shop`, and audited as "cli:<user>".
  static ShopSettings CommandLine(
      store::Database& db, const Clock& clock, ShopId shop,
      const channels::ChannelRegistry& channels = channels::BuiltInChannels());

  // InvalidArgument for an empty name or an unknown time zone.
  Result<Shop> UpdateShop(const ShopChange& change);

  // Adds `channel` (kind, name, address, display name) with `settings` applied.
  // InvalidArgument for an empty name, a kind without an adapter, a setting the kind
  // does not take, or what the adapter's CheckSettings refuses (an address that is not
  // one, a mail URL of the wrong scheme); Conflict when the shop already has a channel
  // of that name.
  Result<Channel> AddChannel(Channel channel, const channels::SettingsChange& settings = {});
  Result<Channel> UpdateChannel(ChannelId id, const ChannelChange& change);
  // Tries `change` applied to channel `id` (without one: to a new e-mail channel) as
  // polling and sending would (ChannelAdapter::CheckConnection), storing nothing; a
  // password not given keeps the stored one. Blocks up to the adapter's timeouts.
  Result<std::vector<channels::ChannelAdapter::ConnectionCheck>> TestChannel(
      std::optional<ChannelId> id, const ChannelChange& change);

  // Conflict for a name the shop already uses; InvalidArgument for an empty one.
  Result<Team> CreateTeam(const std::string& name);
  // NotFound for an agent not of this shop (the team is left as it was).
  Result<Team> SetTeamMembers(TeamId id, std::vector<AgentId> agents);
  Status DeleteTeam(TeamId id);

 private:
  ShopSettings(store::Database& db, const Clock& clock, const channels::ChannelRegistry& channels,
               ShopId shop, Actor actor);
  Status Record(const std::string& action, const std::string& target, const nlohmann::json& detail);
  // Applies `change` to `channel` through its kind's adapter and checks the result;
  // the names of the fields that changed (names only: never a password's value).
  Result<std::vector<std::string>> ApplyChannelChange(const ChannelChange& change,
                                                      Channel& channel) const;

  store::Database& db_;
  const Clock& clock_;
  const channels::ChannelRegistry& channels_;
  ShopId shop_;
  Actor actor_;
  Status allowed_;  // Ok, or why the actor may not change the shop's settings
};

}  // namespace shopdesk::services
