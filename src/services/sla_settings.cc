#include "services/sla_settings.h"

#include <nlohmann/json.hpp>

#include "services/audit_log.h"
#include "services/auto_reply.h"
#include "services/response_clock.h"

namespace shopdesk::services {
namespace {

using nlohmann::json;

json PolicyDetail(const SlaPolicy& p) {
  json warn = json::array();
  for (Timestamp w : p.warn_before) warn.push_back(w / 60000);
  return {{"first_response_minutes", p.first_response / 60000},
          {"next_response_minutes", p.next_response / 60000},
          {"counting", SlaCountingName(p.counting)},
          {"warn_minutes", warn}};
}

}  // namespace

SlaSettings::SlaSettings(store::Database& db, const Clock& clock, const Agent& by,
                         std::string remote_address)
    : db_(db), clock_(clock), by_(by), remote_address_(std::move(remote_address)) {}

Result<std::vector<ChannelSlaPolicy>> SlaSettings::ListPolicies() {
  auto tx = db_.BeginRead();
  if (!tx) return tx.error();
  auto channels = db_.channels().List(by_.shop_id);
  if (!channels) return channels.error();
  std::vector<ChannelSlaPolicy> out;
  for (auto& channel : *channels) {
    auto policy = LoadSlaPolicy(db_, by_.shop_id, channel.id);
    if (!policy) return policy.error();
    out.push_back({std::move(channel), std::move(*policy)});
  }
  return out;
}

Result<ChannelSlaPolicy> SlaSettings::SetPolicy(SlaPolicy policy) {
  SHOPDESK_TRY(RequireManager(by_, "change response targets, business hours and away mode"));
  policy.shop_id = by_.shop_id;
  SHOPDESK_TRY(NormalizeSlaPolicy(policy));
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto channel = db_.channels().Find(by_.shop_id, policy.channel_id);
  if (!channel) return channel.error();
  SHOPDESK_TRY(db_.sla_policies().SavePolicy(policy, clock_.Now()));
  SHOPDESK_TRY(RecordAudit(db_, by_.shop_id, Actor::OfAgent(by_, remote_address_),
                           "sla_policy.changed", "channel:" + std::to_string(channel->id),
                           PolicyDetail(policy), clock_.Now()));
  SHOPDESK_TRY((*tx)->Commit());
  policy.customized = true;
  return ChannelSlaPolicy{std::move(*channel), std::move(policy)};
}

Result<BusinessCalendar> SlaSettings::GetCalendar() {
  auto tx = db_.BeginRead();
  if (!tx) return tx.error();
  return LoadBusinessCalendar(db_, by_.shop_id);
}

Result<CalendarSaved> SlaSettings::SetCalendar(BusinessCalendar calendar) {
  SHOPDESK_TRY(RequireManager(by_, "change response targets, business hours and away mode"));
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto shop = db_.shops().Find(by_.shop_id);
  if (!shop) return shop.error();
  calendar.time_zone = shop->time_zone;
  SHOPDESK_TRY(ValidateCalendar(calendar));
  SHOPDESK_TRY(db_.calendars().SaveCalendar(by_.shop_id, calendar, clock_.Now()));
  auto recomputed = RecomputeBusinessDeadlines(db_, by_.shop_id);
  if (!recomputed) return recomputed.error();
  SHOPDESK_TRY(RecordAudit(db_, by_.shop_id, Actor::OfAgent(by_, remote_address_),
                           "business_hours.changed", "shop:" + std::to_string(by_.shop_id),
                           json({{"deadlines_recomputed", *recomputed}}), clock_.Now()));
  SHOPDESK_TRY((*tx)->Commit());
  return CalendarSaved{std::move(calendar), *recomputed};
}

Result<ConversationSla> SlaSettings::ConversationClocks(ConversationId conversation) {
  auto tx = db_.BeginRead();
  if (!tx) return tx.error();
  auto found = db_.conversations().Find(by_.shop_id, conversation);
  if (!found) return found.error();
  auto clocks = db_.sla_clocks().ListClocks(by_.shop_id, conversation);
  if (!clocks) return clocks.error();
  auto events = db_.sla_clocks().ListEvents(by_.shop_id, conversation);
  if (!events) return events.error();
  return ConversationSla{std::move(*clocks), std::move(*events)};
}

namespace {

Result<AwayView> ViewOf(store::Database& db, AwaySettings settings, Timestamp now) {
  auto calendar = LoadBusinessCalendar(db, settings.shop_id);
  if (!calendar) return calendar.error();
  AwayView view;
  view.reason = AwayReasonAt(settings, *calendar, now);
  view.away_now = view.reason.has_value();
  if (view.away_now) {
    auto promised = PromisedReplyTime(settings, *calendar, now);
    if (!promised) return promised.error();
    view.reply_by = *promised;
  }
  auto preview = RenderAwayMessage(db, settings, nullptr, now);
  if (!preview) return preview.error();
  view.preview = std::move(*preview);
  view.settings = std::move(settings);
  return view;
}

}  // namespace

Result<AwayView> SlaSettings::GetAway() {
  auto tx = db_.BeginRead();
  if (!tx) return tx.error();
  auto saved = db_.away().FindAway(by_.shop_id);
  if (!saved) return saved.error();
  AwaySettings settings = saved->value_or(AwaySettings{});
  settings.shop_id = by_.shop_id;
  return ViewOf(db_, std::move(settings), clock_.Now());
}

Result<AwayView> SlaSettings::SetAway(AwaySettings settings) {
  SHOPDESK_TRY(RequireManager(by_, "change response targets, business hours and away mode"));
  settings.shop_id = by_.shop_id;
  SHOPDESK_TRY(ValidateAwaySettings(settings));
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  SHOPDESK_TRY(db_.away().SaveAway(settings, clock_.Now()));
  SHOPDESK_TRY(RecordAudit(db_, by_.shop_id, Actor::OfAgent(by_, remote_address_), "away.changed",
                           "shop:" + std::to_string(by_.shop_id),
                           json({{"enabled", settings.enabled},
                                 {"outside_business_hours", settings.outside_business_hours},
                                 {"scheduled", settings.from || settings.until}}),
                           clock_.Now()));
  auto view = ViewOf(db_, std::move(settings), clock_.Now());
  if (!view) return view.error();
  SHOPDESK_TRY((*tx)->Commit());
  return view;
}

}  // namespace shopdesk::services
