#include "services/conversation_activity.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

namespace shopdesk::services {
namespace {

using nlohmann::json;

Result<std::string> AgentName(store::Database& db, ShopId shop, std::optional<AgentId> id) {
  if (!id) return std::string();
  auto agent = db.agents().Find(shop, *id);
  if (!agent) return agent.error();
  return agent->name.empty() ? agent->email : agent->name;
}

Result<std::string> TeamName(store::Database& db, ShopId shop, std::optional<TeamId> id) {
  if (!id) return std::string();
  auto team = db.teams().Find(shop, *id);
  if (!team) return team.error();
  return team->name;
}

// The tags in `a` that are not in `b` (both sorted).
std::vector<std::string> Missing(const std::vector<std::string>& a,
                                 const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

Status RecordActivity(store::Database& db, const Conversation& before, const Conversation& after,
                      std::optional<AgentId> actor, Timestamp now) {
  const auto append = [&](const char* kind, const json& detail) {
    ConversationActivity a;
    a.shop_id = after.shop_id;
    a.conversation_id = after.id;
    a.at = now;
    a.agent_id = actor;
    a.kind = kind;
    a.detail = detail.dump(-1, ' ', false, json::error_handler_t::replace);
    return db.conversations().AppendActivity(a);
  };
  if (before.status != after.status || before.hold_until != after.hold_until) {
    json detail = {{"from", StatusName(before.status)}, {"to", StatusName(after.status)}};
    if (after.hold_until) detail["until"] = FormatIso8601(*after.hold_until);
    SHOPDESK_TRY(append("status", detail));
  }
  if (before.assignee_id != after.assignee_id) {
    auto from = AgentName(db, after.shop_id, before.assignee_id);
    if (!from) return from.error();
    auto to = AgentName(db, after.shop_id, after.assignee_id);
    if (!to) return to.error();
    SHOPDESK_TRY(append("assignee", {{"from", *from}, {"to", *to}}));
  }
  if (before.team_id != after.team_id) {
    auto from = TeamName(db, after.shop_id, before.team_id);
    if (!from) return from.error();
    auto to = TeamName(db, after.shop_id, after.team_id);
    if (!to) return to.error();
    SHOPDESK_TRY(append("team", {{"from", *from}, {"to", *to}}));
  }
  if (before.tags != after.tags) {
    SHOPDESK_TRY(append("tags", {{"added", Missing(after.tags, before.tags)},
                                 {"removed", Missing(before.tags, after.tags)}}));
  }
  if (before.intent != after.intent) {
    SHOPDESK_TRY(append("intent", {{"from", before.intent}, {"to", after.intent}}));
  }
  return Ok();
}

}  // namespace shopdesk::services
