#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/conversation.h"
#include "core/conversation_activity.h"
#include "core/result.h"

namespace shopdesk::store {

struct ConversationFilter {
  std::optional<ConversationStatus> status;
  std::optional<AgentId> assignee_id;
  bool unassigned_only = false;
  std::optional<ChannelId> channel_id;
  std::optional<CustomerId> customer_id;
  std::optional<TeamId> team_id;
  std::string tag;     // empty: any
  std::string intent;  // empty: any
  // Only those whose latest reply was not delivered (delivery_failed_at set).
  bool delivery_failed_only = false;
  enum class Sort { kLastActivity, kDueAt } sort = Sort::kLastActivity;
  int limit = 50;  // 1..200
  // Opaque position from a previous page's next_cursor; empty: first page.
  std::string cursor;
  // The agent whose read marks the rows carry (ConversationSummary::unread); none: no
  // read state (the command line, exports).
  std::optional<AgentId> viewer;
};

// One row of the conversation list: the conversation plus what a list shows.
struct ConversationSummary {
  Conversation conversation;
  std::string customer_name;
  std::string customer_email;
  // The start of the newest customer message (at most 140 characters), for the inbox.
  std::string snippet;
  // For the filter's viewer: whether the customer wrote since they last opened it
  // (IsUnread); nullopt without a viewer.
  std::optional<bool> unread;
};

// How many conversations each inbox view holds under the same status, channel, tag and
// intent filters: all of them, those assigned to one agent, the unassigned ones, and
// those past their response deadline.
struct ViewCounts {
  std::int64_t all = 0;
  std::int64_t mine = 0;
  std::int64_t unassigned = 0;
  std::int64_t overdue = 0;
  std::int64_t unread = 0;  // unread for that agent (IsUnread), among all
};

struct ConversationPage {
  std::vector<ConversationSummary> items;
  std::string next_cursor;  // empty on the last page
  // On a first page (ConversationService::List): how many of the shop's conversations
  // have a failed delivery, whatever the filter.
  std::optional<std::int64_t> delivery_failed_count;
  // On a first page listed for an agent: the counts of the views for that agent.
  std::optional<ViewCounts> view_counts;
};

class ConversationRepo {
 public:
  virtual ~ConversationRepo() = default;
  // Inserts with its tags; fills id.
  virtual Result<Conversation> Create(const Conversation& conversation) = 0;
  virtual Result<Conversation> Find(ShopId shop, ConversationId id) = 0;
  // The conversation holding a message whose external_id is one of `message_ids`
  // (most recently active first). nullopt when none.
  virtual Result<std::optional<Conversation>> FindByMessageIds(
      ShopId shop, const std::vector<std::string>& message_ids) = 0;
  // The most recently active non-closed conversation about this order.
  virtual Result<std::optional<Conversation>> FindOpenByOrderId(ShopId shop,
                                                                const std::string& order_id) = 0;
  // The most recently active non-closed conversation of this customer with this
  // normalized subject and last_activity_at >= since.
  virtual Result<std::optional<Conversation>> FindRecentBySubject(
      ShopId shop, CustomerId customer, const std::string& normalized_subject, Timestamp since) = 0;
  // Sort kLastActivity: newest first; kDueAt: failed deliveries first (oldest failure
  // first), then soonest due, no due last.
  virtual Result<ConversationPage> List(ShopId shop, const ConversationFilter& filter) = 0;
  // How many conversations of the shop have a failed delivery (the inbox's count).
  virtual Result<std::int64_t> CountDeliveryFailed(ShopId shop) = 0;
  // ViewCounts of the conversations matching `filter`'s status, channel, customer, team,
  // tag and intent (its assignee, unassigned and failed-delivery parts are the views'
  // own and ignored): "mine" for agent `me`, "overdue" for a due_at before `now`.
  virtual Result<ViewCounts> CountViews(ShopId shop, const ConversationFilter& filter, AgentId me,
                                        Timestamp now) = 0;
  // Writes the mutable fields: status, flags, assignee, order_id, last_activity_at,
  // due_at, message_count, team, resolved_at, intent, delivery_failed_at. NotFound when (shop, id)
  // does not exist; the write may be deferred (Statement::DeferChange), so that failure may come
  // from the transaction's next statement or its commit.
  virtual Status Update(const Conversation& conversation) = 0;
  // Replaces the tag set.
  virtual Status SetTags(ShopId shop, ConversationId id, const std::vector<std::string>& tags) = 0;

  // An agent's read mark (core/conversation_state.h IsUnread): when they last had the
  // conversation open; nullopt when never. MarkRead sets it (NotFound for another
  // shop's conversation), ClearRead removes it ("mark as unread").
  virtual Status MarkRead(ShopId shop, AgentId agent, ConversationId id, Timestamp at) = 0;
  virtual Status ClearRead(ShopId shop, AgentId agent, ConversationId id) = 0;
  virtual Result<std::optional<Timestamp>> ReadAt(ShopId shop, AgentId agent,
                                                  ConversationId id) = 0;
  // The activity lines of a conversation (core/conversation_activity.h), oldest first.
  virtual Status AppendActivity(const ConversationActivity& activity) = 0;
  virtual Result<std::vector<ConversationActivity>> ListActivity(ShopId shop,
                                                                 ConversationId id) = 0;
  // Conversations of every shop whose hold ended at or before `now`, soonest first, at
  // most `limit`.
  virtual Result<std::vector<std::pair<ShopId, ConversationId>>> HoldsEnded(Timestamp now,
                                                                            int limit) = 0;
};

}  // namespace shopdesk::store
