#include "services/shop_settings.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "channels/channel_settings.h"
#include "core/text_normalize.h"
#include "core/time_zone.h"
#include "services/audit_log.h"
#include "services/response_clock.h"

namespace shopdesk::services {
namespace {

using nlohmann::json;

// Sets `field` from `value` when given, and lists its name in `changed`.
void Apply(const std::optional<std::string>& value, std::string& field, const char* name,
           json& changed) {
  if (value && *value != field) {
    field = *value;
    changed.push_back(name);
  }
}

// The shop's system senders as stored: trimmed, lower-cased, unique, in the given
// order. InvalidArgument names the first entry that is none of the three forms.
Result<std::vector<std::string>> NormalizeSystemSenders(const std::vector<std::string>& given) {
  constexpr size_t kMaxEntries = 200;
  std::vector<std::string> out;
  for (const auto& raw : given) {
    const auto b = raw.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) continue;
    const auto e = raw.find_last_not_of(" \t\r\n");
    const std::string entry = AsciiLower(raw.substr(b, e - b + 1));
    const auto at = entry.find('@');
    const bool valid = entry.size() <= 320 && at != std::string::npos &&
                       entry.find('@', at + 1) == std::string::npos && entry.size() > 1 &&
                       entry.find_first_of(" \t,;<>\"") == std::string::npos;
    if (!valid) {
      return Error::InvalidArgument("system sender '" + entry +
                                    "' is not an address (a@b), a domain (@b) or a name (a@)");
    }
    if (std::find(out.begin(), out.end(), entry) == out.end()) out.push_back(entry);
  }
  if (out.size() > kMaxEntries) {
    return Error::InvalidArgument("at most 200 system senders; " + std::to_string(out.size()) +
                                  " were given");
  }
  return out;
}

}  // namespace

ShopSettings::ShopSettings(store::Database& db, const Clock& clock, const Agent& by,
                           std::string remote_address, const channels::ChannelRegistry& channels)
    : db_(db),
      clock_(clock),
      channels_(channels),
      shop_(by.shop_id),
      actor_(Actor::OfAgent(by, std::move(remote_address))),
      allowed_(RequireManager(by, "change its settings, channels and teams")) {}

ShopSettings::ShopSettings(store::Database& db, const Clock& clock,
                           const channels::ChannelRegistry& channels, ShopId shop, Actor actor)
    : db_(db),
      clock_(clock),
      channels_(channels),
      shop_(shop),
      actor_(std::move(actor)),
      allowed_(Ok()) {}

ShopSettings ShopSettings::CommandLine(store::Database& db, const Clock& clock, ShopId shop,
                                       const channels::ChannelRegistry& channels) {
  return ShopSettings(db, clock, channels, shop, Actor::CommandLine());
}

Status ShopSettings::Record(const std::string& action, const std::string& target,
                            const json& detail) {
  return RecordAudit(db_, shop_, actor_, action, target, detail, clock_.Now());
}

Result<Shop> ShopSettings::UpdateShop(const ShopChange& change) {
  SHOPDESK_TRY(allowed_);
  if (change.name && change.name->empty()) {
    return Error::InvalidArgument("the shop's name cannot be empty").WithReason("shop.no_name");
  }
  if (change.time_zone && !IsKnownTimeZone(*change.time_zone)) {
    return Error::InvalidArgument("time zone '" + *change.time_zone +
                                  "' is unknown: use an IANA name such as Asia/Tokyo")
        .WithReason("shop.bad_time_zone", {{"zone", *change.time_zone}});
  }
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto shop = db_.shops().Find(shop_);
  if (!shop) return shop.error();
  const Shop before = *shop;
  json changed = json::array();
  Apply(change.name, shop->name, "name", changed);
  Apply(change.time_zone, shop->time_zone, "time_zone", changed);
  if (change.system_senders) {
    auto senders = NormalizeSystemSenders(*change.system_senders);
    if (!senders) return senders.error();
    if (*senders != shop->system_senders) {
      shop->system_senders = std::move(*senders);
      changed.push_back("system_senders");
    }
  }
  if (changed.empty()) return shop;
  SHOPDESK_TRY(db_.shops().Update(*shop));
  json detail = {{"changed", changed}};
  if (before.name != shop->name) detail["name"] = {{"from", before.name}, {"to", shop->name}};
  if (before.system_senders != shop->system_senders) {
    detail["system_senders"] = {{"from", before.system_senders}, {"to", shop->system_senders}};
  }
  if (before.time_zone != shop->time_zone) {
    detail["time_zone"] = {{"from", before.time_zone}, {"to", shop->time_zone}};
    // Business hours are read in the shop's time zone: every business deadline moves.
    auto recomputed = RecomputeBusinessDeadlines(db_, shop->id);
    if (!recomputed) return recomputed.error();
  }
  SHOPDESK_TRY(Record("settings.changed", "shop:" + std::to_string(shop->id), detail));
  SHOPDESK_TRY((*tx)->Commit());
  return shop;
}

Result<std::vector<std::string>> ShopSettings::ApplyChannelChange(const ChannelChange& change,
                                                                  Channel& channel) const {
  auto adapter = channels_.For(channel.kind);
  if (!adapter) return adapter.error();
  Channel next = channel;
  json named = json::array();
  Apply(change.address, next.address, "address", named);
  Apply(change.display_name, next.display_name, "display_name", named);
  auto settings = channels::ApplySettings(next.kind, (*adapter)->SettingFields(), change.settings,
                                          next.settings);
  if (!settings) return settings.error();
  SHOPDESK_TRY((*adapter)->CheckSettings(next));
  next.polled = (*adapter)->Configured(next).polls;
  std::vector<std::string> changed = named.get<std::vector<std::string>>();
  changed.insert(changed.end(), settings->begin(), settings->end());
  channel = std::move(next);
  return changed;
}

Result<Channel> ShopSettings::AddChannel(Channel channel,
                                         const channels::SettingsChange& settings) {
  SHOPDESK_TRY(allowed_);
  channel.shop_id = shop_;
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  if (channel.name.empty()) return Error::InvalidArgument("a channel needs a name (--name)");
  channel.settings = {};
  auto applied = ApplyChannelChange(ChannelChange{std::nullopt, std::nullopt, settings}, channel);
  if (!applied) return applied.error();
  channel.created_at = clock_.Now();
  auto created = db_.channels().Create(channel);
  if (!created && created.error().code == ErrorCode::kConflict) {
    return Error::Conflict("the shop already has a channel named '" + channel.name + "'");
  }
  if (!created) return created.error();
  SHOPDESK_TRY(Record("channel.added", "channel:" + std::to_string(created->id),
                      json({{"name", created->name}, {"address", created->address}})));
  SHOPDESK_TRY((*tx)->Commit());
  return created;
}

Result<Channel> ShopSettings::UpdateChannel(ChannelId id, const ChannelChange& change) {
  SHOPDESK_TRY(allowed_);
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto channel = db_.channels().Find(shop_, id);
  if (!channel) return channel.error();
  auto changed = ApplyChannelChange(change, *channel);
  if (!changed) return changed.error();
  if (changed->empty()) return channel;
  SHOPDESK_TRY(db_.channels().Update(*channel));
  SHOPDESK_TRY(Record("channel.changed", "channel:" + std::to_string(id),
                      json({{"name", channel->name}, {"changed", *changed}})));
  SHOPDESK_TRY((*tx)->Commit());
  return channel;
}

Result<std::vector<channels::ChannelAdapter::ConnectionCheck>> ShopSettings::TestChannel(
    std::optional<ChannelId> id, const ChannelChange& change) {
  SHOPDESK_TRY(allowed_);
  Channel channel;
  channel.shop_id = shop_;
  if (id) {
    auto stored = db_.channels().Find(shop_, *id);
    if (!stored) return stored.error();
    channel = std::move(*stored);
  }
  // Tried as given: a form's half-typed address is no reason not to try the servers.
  auto adapter = channels_.For(channel.kind);
  if (!adapter) return adapter.error();
  if (change.address) channel.address = *change.address;
  if (change.display_name) channel.display_name = *change.display_name;
  auto settings = channels::ApplySettings(channel.kind, (*adapter)->SettingFields(),
                                          change.settings, channel.settings);
  if (!settings) return settings.error();
  return (*adapter)->CheckConnection(channel);
}

Result<Team> ShopSettings::CreateTeam(const std::string& name) {
  SHOPDESK_TRY(allowed_);
  if (name.empty() || name.size() > 100) {
    return Error::InvalidArgument("a team needs a name of 1 to 100 bytes");
  }
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  Team team;
  team.shop_id = shop_;
  team.name = name;
  team.created_at = clock_.Now();
  auto created = db_.teams().Create(team);
  if (!created) {
    if (created.error().code == ErrorCode::kConflict) {
      return Error::Conflict("the shop already has a team named '" + name + "'");
    }
    return created.error();
  }
  SHOPDESK_TRY(
      Record("team.created", "team:" + std::to_string(created->id), json({{"name", name}})));
  SHOPDESK_TRY((*tx)->Commit());
  return created;
}

Result<Team> ShopSettings::SetTeamMembers(TeamId id, std::vector<AgentId> agents) {
  SHOPDESK_TRY(allowed_);
  std::sort(agents.begin(), agents.end());
  agents.erase(std::unique(agents.begin(), agents.end()), agents.end());
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto before = db_.teams().Find(shop_, id);
  if (!before) return before.error();
  SHOPDESK_TRY(db_.teams().SetMembers(shop_, id, agents));
  SHOPDESK_TRY(
      Record("team.members_changed", "team:" + std::to_string(id),
             json({{"name", before->name}, {"from", before->member_ids}, {"to", agents}})));
  auto team = db_.teams().Find(shop_, id);
  if (!team) return team.error();
  SHOPDESK_TRY((*tx)->Commit());
  return team;
}

Status ShopSettings::DeleteTeam(TeamId id) {
  SHOPDESK_TRY(allowed_);
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto team = db_.teams().Find(shop_, id);
  if (!team) return team.error();
  SHOPDESK_TRY(db_.teams().Delete(shop_, id));
  SHOPDESK_TRY(Record("team.deleted", "team:" + std::to_string(id), json({{"name", team->name}})));
  return (*tx)->Commit();
}

}  // namespace shopdesk::services
