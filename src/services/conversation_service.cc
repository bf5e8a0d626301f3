#include "services/conversation_service.h"

#include <algorithm>

#include "core/conversation_state.h"
#include "services/conversation_activity.h"
#include "services/live_events.h"
#include "services/response_clock.h"

namespace shopdesk::services {

ConversationService::ConversationService(store::Database& db, const Clock& clock,
                                         std::optional<AgentId> actor)
    : db_(db), clock_(clock), actor_(actor) {}

Result<store::ConversationPage> ConversationService::List(ShopId shop,
                                                          const store::ConversationFilter& filter,
                                                          std::optional<AgentId> counts_for) {
  if (filter.limit < 1 || filter.limit > 200) {
    return Error::InvalidArgument("limit must be between 1 and 200");
  }
  auto page = db_.conversations().List(shop, filter);
  if (!page) return page.error();
  if (filter.cursor.empty()) {
    auto failed = db_.conversations().CountDeliveryFailed(shop);
    if (!failed) return failed.error();
    page->delivery_failed_count = *failed;
    if (counts_for) {
      auto counts = db_.conversations().CountViews(shop, filter, *counts_for, clock_.Now());
      if (!counts) return counts.error();
      page->view_counts = *counts;
    }
  }
  return page;
}

Result<ConversationDetail> ConversationService::Get(ShopId shop, ConversationId id,
                                                    std::optional<AgentId> viewer) {
  auto tx = db_.BeginRead();
  if (!tx) return tx.error();
  auto conversation = db_.conversations().Find(shop, id);
  if (!conversation) return conversation.error();
  auto customer = db_.customers().Find(shop, conversation->customer_id);
  if (!customer) return customer.error();
  auto messages = db_.messages().ListByConversation(shop, id);
  if (!messages) return messages.error();
  auto activity = db_.conversations().ListActivity(shop, id);
  if (!activity) return activity.error();
  std::optional<bool> unread;
  if (viewer) {
    auto read_at = db_.conversations().ReadAt(shop, *viewer, id);
    if (!read_at) return read_at.error();
    unread = IsUnread(*conversation, *read_at);
  }
  return ConversationDetail{std::move(*conversation), std::move(*customer), std::move(*messages),
                            std::move(*activity), unread};
}

template <typename Change>
Result<Conversation> ConversationService::Modify(ShopId shop, ConversationId id, Change&& change) {
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto conversation = db_.conversations().Find(shop, id);
  if (!conversation) return conversation.error();
  const Conversation before = *conversation;
  SHOPDESK_TRY(change(*conversation));
  SHOPDESK_TRY(db_.conversations().Update(*conversation));
  SHOPDESK_TRY(RecordActivity(db_, before, *conversation, actor_, clock_.Now()));
  SHOPDESK_TRY(RecordConversationUpdated(db_, *conversation, clock_.Now(), &before));
  SHOPDESK_TRY((*tx)->Commit());
  return conversation;
}

Result<Conversation> ConversationService::ChangeStatus(ShopId shop, ConversationId id,
                                                       ConversationStatus to,
                                                       std::optional<Timestamp> hold_until) {
  if (hold_until && to != ConversationStatus::kOnHold) {
    return Error::InvalidArgument("a hold end ('until') goes only with the status on_hold");
  }
  return Modify(shop, id, [&](Conversation& c) -> Status {
    if (to == ConversationStatus::kOnHold) {
      SHOPDESK_TRY(PutOnHold(c, hold_until, clock_.Now()));
    } else {
      auto next = Transition(c.status, to);
      if (!next) return next.error();
      SetStatus(c, *next, clock_.Now());
    }
    // Pending and on hold pause the response clock; resolved and closed stop it.
    return ResponseClock(db_).OnStateChange(c, clock_.Now());
  });
}

Result<int> ConversationService::EndHolds(int limit) {
  const Timestamp now = clock_.Now();
  auto ended = db_.conversations().HoldsEnded(now, limit);
  if (!ended) return ended.error();
  int opened = 0;
  for (const auto& [shop, id] : *ended) {
    bool changed = false;
    auto done = Modify(shop, id, [&](Conversation& c) -> Status {
      // Read again inside the write: someone may have changed it meanwhile.
      if (c.status != ConversationStatus::kOnHold || !c.hold_until || *c.hold_until > now) {
        return Ok();
      }
      SetStatus(c, ConversationStatus::kOpen, now);
      changed = true;
      return ResponseClock(db_).OnStateChange(c, now);
    });
    if (!done) return done.error();
    if (changed) ++opened;
  }
  return opened;
}

Status ConversationService::MarkRead(ShopId shop, AgentId agent, ConversationId id) {
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  SHOPDESK_TRY(db_.conversations().MarkRead(shop, agent, id, clock_.Now()));
  return (*tx)->Commit();
}

Status ConversationService::MarkUnread(ShopId shop, AgentId agent, ConversationId id) {
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto found = db_.conversations().Find(shop, id);
  if (!found) return found.error();
  SHOPDESK_TRY(db_.conversations().ClearRead(shop, agent, id));
  return (*tx)->Commit();
}

Result<Conversation> ConversationService::Assign(ShopId shop, ConversationId id,
                                                 std::optional<std::optional<AgentId>> agent,
                                                 std::optional<std::optional<TeamId>> team) {
  return Modify(shop, id, [&](Conversation& c) -> Status {
    if (agent && *agent) {
      auto found = db_.agents().Find(shop, **agent);
      if (!found) return found.error();
      if (found->disabled_at != 0) {
        return Error::Conflict("agent " + std::to_string(**agent) +
                               " was removed from the shop and cannot be assigned");
      }
    }
    if (team && *team) {
      auto found = db_.teams().Find(shop, **team);
      if (!found) return found.error();
    }
    if (agent) c.assignee_id = *agent;
    if (team) c.team_id = *team;
    return Ok();
  });
}

namespace {

// A tag or an intent: trimmed, lower-cased ASCII, 1-64 bytes without spaces, commas or
// control characters. `what` names it in the error.
Result<std::string> NormalizeLabel(std::string label, const char* what) {
  const auto begin = label.find_first_not_of(" \t");
  const auto end = label.find_last_not_of(" \t");
  label = begin == std::string::npos ? "" : label.substr(begin, end - begin + 1);
  for (auto& c : label) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const bool bad_char = std::any_of(label.begin(), label.end(), [](unsigned char c) {
    return c < 0x21 || c == ',' || c == 0x7f;
  });
  if (label.empty() || label.size() > 64 || bad_char) {
    return Error::InvalidArgument(std::string(what) + " '" + label +
                                  "' is invalid: 1-64 bytes, no spaces, commas or control "
                                  "characters")
        .WithReason(std::string(what) + ".invalid", {{"value", label}});
  }
  return label;
}

}  // namespace

Result<std::vector<std::string>> NormalizeTags(std::vector<std::string> tags) {
  for (auto& tag : tags) {
    auto normalized = NormalizeLabel(std::move(tag), "tag");
    if (!normalized) return normalized.error();
    tag = std::move(*normalized);
  }
  std::sort(tags.begin(), tags.end());
  tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  if (tags.size() > 50) return Error::InvalidArgument("at most 50 tags per conversation");
  return tags;
}

Result<Conversation> ConversationService::SetTags(ShopId shop, ConversationId id,
                                                  std::vector<std::string> tags) {
  auto normalized = NormalizeTags(std::move(tags));
  if (!normalized) return normalized.error();
  return Modify(shop, id, [&](Conversation& c) -> Status {
    SHOPDESK_TRY(db_.conversations().SetTags(shop, id, *normalized));
    c.tags = *normalized;
    return Ok();
  });
}

Result<std::string> NormalizeIntent(std::string intent) {
  if (intent.find_first_not_of(" \t") == std::string::npos) return std::string();
  return NormalizeLabel(std::move(intent), "intent");
}

Result<Conversation> ConversationService::SetIntent(ShopId shop, ConversationId id,
                                                    std::string intent) {
  auto normalized = NormalizeIntent(std::move(intent));
  if (!normalized) return normalized.error();
  return Modify(shop, id, [&](Conversation& c) -> Status {
    c.intent = *normalized;
    return Ok();
  });
}

Result<Conversation> ConversationService::SetFlags(ShopId shop, ConversationId id,
                                                   const FlagChange& change) {
  return Modify(shop, id, [&](Conversation& c) -> Status {
    SHOPDESK_TRY(CanChangeFlags(c));
    if (change.spam) c.spam = *change.spam;
    if (change.no_reply_needed) c.no_reply_needed = *change.no_reply_needed;
    return ResponseClock(db_).OnStateChange(c, clock_.Now());
  });
}

}  // namespace shopdesk::services
