#include "services/inbox_views.h"

#include <algorithm>

namespace shopdesk::services {
namespace {

constexpr size_t kMaxOwnViews = 50;

Error SharedNeedsAdmin() {
  return Error::PermissionDenied("only admins and owners create or delete shared views")
      .WithReason("inbox_view.shared_needs_admin");
}

}  // namespace

Result<std::vector<InboxView>> InboxViews::List(const Agent& agent) {
  return db_.inbox_views().ListFor(agent.shop_id, agent.id);
}

Result<InboxView> InboxViews::Create(const Agent& agent, std::string name, std::string query,
                                     bool shared) {
  if (shared && !RoleCanManage(agent.role)) return SharedNeedsAdmin();
  InboxView view;
  view.shop_id = agent.shop_id;
  if (!shared) view.owner_id = agent.id;
  view.name = std::move(name);
  view.query = std::move(query);
  view.created_at = clock_.Now();
  SHOPDESK_TRY(NormalizeInboxView(view));
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto existing = db_.inbox_views().ListFor(agent.shop_id, agent.id);
  if (!existing) return existing.error();
  const auto own = std::count_if(existing->begin(), existing->end(),
                                 [](const InboxView& v) { return v.owner_id.has_value(); });
  if (!shared && static_cast<size_t>(own) >= kMaxOwnViews) {
    return Error::Conflict("at most 50 views of one's own; delete one first")
        .WithReason("inbox_view.too_many", {{"max", std::to_string(kMaxOwnViews)}});
  }
  auto created = db_.inbox_views().Create(view);
  if (!created) return created.error();
  SHOPDESK_TRY((*tx)->Commit());
  return created;
}

Status InboxViews::Delete(const Agent& agent, InboxViewId id) {
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto view = db_.inbox_views().Find(agent.shop_id, id);
  if (!view) return view.error();
  if (view->owner_id && *view->owner_id != agent.id) return Error::NotFound("view", id);
  if (!view->owner_id && !RoleCanManage(agent.role)) return SharedNeedsAdmin();
  SHOPDESK_TRY(db_.inbox_views().Delete(agent.shop_id, id));
  return (*tx)->Commit();
}

}  // namespace shopdesk::services
