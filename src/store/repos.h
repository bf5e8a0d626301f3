#pragma once

// Repository interfaces. SQL lives only in their implementations (store/sqlite/,
// later store/postgres/). Every method that touches tenant data takes the ShopId
// and never returns another shop's rows: a row of another shop is NotFound.
//
// Threading: a repository belongs to one Database (one connection) and is not
// thread-safe; use one Database per thread (see DatabasePool).
// Errors: Unavailable when the database fails (locked, disk, connection), NotFound
// for a missing row, Conflict for a unique-key clash, InvalidArgument for bad input.

#include <optional>
#include <string>
#include <vector>

#include "core/account.h"
#include "core/agent.h"
#include "core/audit.h"
#include "core/away_mode.h"
#include "core/channel.h"
#include "core/conversation.h"
#include "core/conversation_activity.h"
#include "core/customer.h"
#include "core/live_event.h"
#include "core/message.h"
#include "core/result.h"
#include "core/saved_reply.h"
#include "core/shop.h"
#include "core/sla_clock.h"
#include "core/sla_policy.h"
#include "core/team.h"

namespace shopdesk::store {

class ShopRepo {
 public:
  virtual ~ShopRepo() = default;
  // Inserts; fills id and created_at. Conflict when the slug is taken.
  virtual Result<Shop> Create(const Shop& shop) = 0;
  virtual Result<Shop> Find(ShopId id) = 0;
  virtual Result<Shop> FindBySlug(const std::string& slug) = 0;
  virtual Result<std::vector<Shop>> List() = 0;
  // Name and time zone. NotFound for an unknown id.
  virtual Status Update(const Shop& shop) = 0;
};

class ChannelRepo {
 public:
  virtual ~ChannelRepo() = default;
  // Inserts; fills id and created_at. Conflict when the name is taken in the shop.
  virtual Result<Channel> Create(const Channel& channel) = 0;
  virtual Result<Channel> Find(ShopId shop, ChannelId id) = 0;
  virtual Result<Channel> FindByName(ShopId shop, const std::string& name) = 0;
  virtual Result<std::vector<Channel>> List(ShopId shop) = 0;
  // Address, display name and the mail settings (not kind or name). NotFound when the
  // shop has no such channel.
  virtual Status Update(const Channel& channel) = 0;
  // Claims up to `limit` channels of any shop that have an IMAP URL and are due
  // (poll_due_at <= due_before), moving their due time to `lease_until` so no other
  // worker polls them meanwhile. REQUIRES: inside a write transaction.
  virtual Result<std::vector<Channel>> ClaimDuePolls(Timestamp due_before, Timestamp lease_until,
                                                     int limit) = 0;
  // Sets when the channel is next due for polling (ends a claim's lease).
  virtual Status SchedulePoll(ShopId shop, ChannelId id, Timestamp due_at) = 0;
  // `last_error_reason`: PackReason of the error (core/error.h), "" for none.
  virtual Status UpdateHealth(ShopId shop, ChannelId id, bool healthy,
                              const std::string& last_error, const std::string& last_error_reason,
                              Timestamp checked_at) = 0;
};

class AgentRepo {
 public:
  virtual ~AgentRepo() = default;
  // Inserts; fills id and created_at. Conflict when the e-mail is taken in the shop.
  virtual Result<Agent> Create(const Agent& agent) = 0;
  virtual Result<Agent> Find(ShopId shop, AgentId id) = 0;
  virtual Result<Agent> FindByEmail(ShopId shop, const std::string& email) = 0;
  // Every agent of the shop, removed ones too (disabled_at set).
  virtual Result<std::vector<Agent>> List(ShopId shop) = 0;
  // Name, role and disabled_at. NotFound when the shop has no such agent.
  virtual Status Update(const Agent& agent) = 0;
  // Deletes every API token of the agent; how many.
  virtual Result<std::int64_t> RevokeTokens(ShopId shop, AgentId agent) = 0;
  // Stores the SHA-256 (hex) of an API token; the token itself is never stored.
  virtual Status AddToken(ShopId shop, AgentId agent, const std::string& token_sha256,
                          Timestamp created_at) = 0;
  // The agent owning the token with this hash. NotFound when unknown.
  // NotFound for an unknown token or one of a removed agent.
  virtual Result<Agent> FindByTokenHash(const std::string& token_sha256) = 0;

  // Stores an invitation to set a password: the SHA-256 (hex) of its token, usable once
  // until `expires_at`. NotFound when the shop has no such agent.
  virtual Status AddInvitation(ShopId shop, AgentId agent, const std::string& token_sha256,
                               Timestamp created_at, Timestamp expires_at) = 0;
  // The agent of the unused invitation with this token hash (any shop) and when it
  // expires. NotFound for an unknown or used one, or one of a removed agent.
  virtual Result<std::pair<Agent, Timestamp>> FindInvitation(const std::string& token_sha256) = 0;
  // Marks the invitation used, and every other unused one of the same agent.
  // NotFound when it is unknown or was used already.
  virtual Status UseInvitation(const std::string& token_sha256, Timestamp used_at) = 0;
};

class CustomerRepo {
 public:
  virtual ~CustomerRepo() = default;
  // The customer with this (lower-cased) e-mail in the shop, created if new. A
  // non-empty `name` replaces an empty stored name.
  virtual Result<Customer> FindOrCreateByEmail(ShopId shop, const std::string& email,
                                               const std::string& name, Timestamp now) = 0;
  virtual Result<Customer> Find(ShopId shop, CustomerId id) = 0;
  // Customers ordered by id, after `after_id`, whose name or e-mail contains `query`
  // (empty: all), at most `limit`.
  virtual Result<std::vector<Customer>> List(ShopId shop, const std::string& query,
                                             CustomerId after_id, int limit) = 0;
  virtual Status Update(const Customer& customer) = 0;
};

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

class MessageRepo {
 public:
  virtual ~MessageRepo() = default;
  // Inserts the message and its attachment rows; fills ids. Conflict when
  // (shop, channel, external_id) exists already (callers check first).
  virtual Result<Message> Insert(const Message& message) = 0;
  virtual Result<Message> Find(ShopId shop, MessageId id) = 0;
  virtual Result<std::optional<Message>> FindByExternalId(ShopId shop, ChannelId channel,
                                                          const std::string& external_id) = 0;
  // Oldest first, with attachments.
  virtual Result<std::vector<Message>> ListByConversation(ShopId shop, ConversationId id) = 0;
  // The outbound message (a reply the shop sent, on any channel) whose external id is
  // the first of `external_ids` that names one; nullopt when none does. Without
  // attachments.
  virtual Result<std::optional<Message>> FindOutboundByExternalIds(
      ShopId shop, const std::vector<std::string>& external_ids) = 0;
  // The newest outbound message of the conversation, without attachments; nullopt when
  // the shop never answered in it.
  virtual Result<std::optional<Message>> LatestOutbound(ShopId shop, ConversationId id) = 0;
  // `last_error_reason`: PackReason of the error (core/error.h), "" for none.
  virtual Status UpdateDelivery(ShopId shop, MessageId id, DeliveryState state, int attempts,
                                const std::string& last_error, const std::string& last_error_reason,
                                Timestamp sent_at) = 0;
  // The attachment and the id of the message holding it.
  virtual Result<std::pair<Attachment, MessageId>> FindAttachment(ShopId shop, AttachmentId id) = 0;
  virtual Result<std::int64_t> Count(ShopId shop) = 0;
};

// Content-addressed bytes (raw mail sources, attachments), per shop.
class BlobRepo {
 public:
  virtual ~BlobRepo() = default;
  // Stores `bytes` under `sha256` (hex) unless present. Idempotent.
  virtual Status Put(ShopId shop, const std::string& sha256, std::string_view bytes) = 0;
  virtual Result<std::string> Get(ShopId shop, const std::string& sha256) = 0;
};

struct OutboxJob {
  ShopId shop_id = 0;
  OutboxJobId id = 0;
  MessageId message_id = 0;
  int attempts = 0;
  Timestamp run_at = 0;        // not before
  Timestamp locked_until = 0;  // a claim's lease; expired leases are claimable again
  std::string last_error;
};

// Jobs that deliver outbound messages. A job exists until it is done or failed.
class OutboxRepo {
 public:
  virtual ~OutboxRepo() = default;
  virtual Result<OutboxJob> Enqueue(ShopId shop, MessageId message, Timestamp run_at) = 0;
  // Claims up to `limit` jobs of any shop with run_at <= now and an expired lease,
  // setting locked_until = lease_until. REQUIRES: inside a write transaction, so two
  // workers never claim the same job.
  virtual Result<std::vector<OutboxJob>> ClaimDue(Timestamp now, Timestamp lease_until,
                                                  int limit) = 0;
  // Records, in its own transaction before anything is sent, that the holder of a
  // claim (locked_until == held_until) starts an attempt: attempts + 1, a fresh lease
  // until lease_until for this job alone, and last_error = note, which is what a crash
  // during the attempt leaves behind (every outcome overwrites or deletes it).
  // NotFound when the claim is no longer held (its lease ended and another worker
  // claimed the job, or the job is gone): the caller must not send.
  virtual Status StartAttempt(ShopId shop, OutboxJobId id, Timestamp held_until,
                              Timestamp lease_until, const std::string& note) = 0;
  // Removes a delivered job.
  virtual Status Complete(ShopId shop, OutboxJobId id) = 0;
  // Releases the lease and schedules another attempt.
  virtual Status Reschedule(ShopId shop, OutboxJobId id, int attempts, Timestamp run_at,
                            const std::string& last_error) = 0;
  // Removes a job that will not be tried again.
  virtual Status Abandon(ShopId shop, OutboxJobId id) = 0;
  virtual Result<std::int64_t> CountPending() = 0;
};

// Live events (core/live_event.h). Appended inside the write transaction of the
// change they describe; read by every node's EventHub and by clients resuming.
class EventRepo {
 public:
  virtual ~EventRepo() = default;
  // Stores the event and fills its id; on PostgreSQL also signals listening nodes,
  // which wake when the transaction commits. REQUIRES: inside a write transaction.
  // Append for a caller that needs no id: the insert may be deferred (PostgreSQL's
  // pipeline) and fails the transaction if it fails.
  virtual Status Record(const LiveEvent& event) = 0;
  virtual Result<LiveEvent> Append(const LiveEvent& event) = 0;
  // Events of every shop with id > after, oldest first: the node's fan-out, the one
  // cross-shop read besides job claims (each event is routed by its shop_id).
  virtual Result<std::vector<LiveEvent>> ListAfter(LiveEventId after, int limit) = 0;
  // Events of every shop with first <= id <= last, oldest first, at most `limit` (a
  // follower looking again for ids that were missing).
  virtual Result<std::vector<LiveEvent>> ListBetween(LiveEventId first, LiveEventId last,
                                                     int limit) = 0;
  // One shop's events with id > after, oldest first (a client catching up).
  virtual Result<std::vector<LiveEvent>> ListForShop(ShopId shop, LiveEventId after, int limit) = 0;
  // The highest id stored, 0 when none.
  virtual Result<LiveEventId> LatestId() = 0;
  // Deletes events created before `before`; how many.
  virtual Result<std::int64_t> PruneBefore(Timestamp before) = 0;
};

// Teams of agents, with their members.
class TeamRepo {
 public:
  virtual ~TeamRepo() = default;
  // Inserts with no members; fills id. Conflict when the shop has a team of that name.
  virtual Result<Team> Create(const Team& team) = 0;
  virtual Result<Team> Find(ShopId shop, TeamId id) = 0;
  virtual Result<std::vector<Team>> List(ShopId shop) = 0;
  // Replaces the members. NotFound for an unknown team or an agent not of this shop
  // (nothing changed then).
  virtual Status SetMembers(ShopId shop, TeamId id, const std::vector<AgentId>& agents) = 0;
  // Removes the team; its conversations keep their assignee and lose the team.
  virtual Status Delete(ShopId shop, TeamId id) = 0;
};

// Saved replies.
class SavedReplyRepo {
 public:
  virtual ~SavedReplyRepo() = default;
  // Inserts; fills id. Conflict when the shop has the shortcut already.
  virtual Result<SavedReply> Create(const SavedReply& reply) = 0;
  virtual Result<SavedReply> Find(ShopId shop, SavedReplyId id) = 0;
  // Title, shortcut, body, language, tags, intent, updated_at. NotFound, Conflict.
  virtual Status Update(const SavedReply& reply) = 0;
  virtual Status Delete(ShopId shop, SavedReplyId id) = 0;
  // By title, then id. `query` "" for all; otherwise a case-insensitive substring of the
  // title or shortcut, or an exact tag; a shortcut equal to the query comes first.
  virtual Result<std::vector<SavedReply>> Search(ShopId shop, const std::string& query,
                                                 int limit) = 0;
};

// The append-only audit log.
class AuditRepo {
 public:
  virtual ~AuditRepo() = default;
  virtual Result<AuditEntry> Append(const AuditEntry& entry) = 0;
  // Newest first, ids below `before` (0: from the newest); `action_prefix` "" for all,
  // "login" for login and login_failed and login_locked.
  virtual Result<std::vector<AuditEntry>> List(ShopId shop, AuditEntryId before,
                                               const std::string& action_prefix, int limit) = 0;
};

// What an erasure changed, for the caller and the audit log.
struct ErasureCounts {
  std::int64_t conversations = 0;
  std::int64_t messages = 0;
  std::int64_t attachments = 0;
  std::int64_t blobs_deleted = 0;
  std::int64_t outbox_jobs_cancelled = 0;
};

// Data-subject requests (APPI / GDPR).
class PrivacyRepo {
 public:
  virtual ~PrivacyRepo() = default;
  // Redacts everything held about one customer, in the caller's transaction: their
  // name and address, the text, HTML, subjects and addresses of every message of
  // their conversations (both directions), attachment names, the raw sources and
  // attachment bytes (blobs no other message uses), order numbers, and the live events
  // of those conversations; cancels replies not yet sent. Keeps every row, its
  // timestamps, channel, status and tags, so counts and response times in reports do
  // not change. NotFound for a customer not of this shop.
  virtual Result<ErasureCounts> EraseCustomer(ShopId shop, CustomerId customer, Timestamp now) = 0;
};

// Response targets, business hours, response clocks and their event log, away mode
// (issue 5).
class SlaRepo {
 public:
  virtual ~SlaRepo() = default;
  // The saved policy of a channel (customized = true); nullopt when it has none.
  virtual Result<std::optional<SlaPolicy>> FindPolicy(ShopId shop, ChannelId channel) = 0;
  virtual Result<std::vector<SlaPolicy>> ListPolicies(ShopId shop) = 0;
  // Inserts or replaces the channel's policy.
  virtual Status SavePolicy(const SlaPolicy& policy, Timestamp now) = 0;
  // The saved opening hours (time_zone left empty: it is the shop's); nullopt when none.
  virtual Result<std::optional<BusinessCalendar>> FindCalendar(ShopId shop) = 0;
  virtual Status SaveCalendar(ShopId shop, const BusinessCalendar& calendar, Timestamp now) = 0;

  // Running and paused clocks of a conversation, oldest first.
  virtual Result<std::vector<SlaClock>> UnfinishedClocks(ShopId shop,
                                                         ConversationId conversation) = 0;
  // Every clock of a conversation, oldest first.
  virtual Result<std::vector<SlaClock>> ListClocks(ShopId shop, ConversationId conversation) = 0;
  // Inserts clocks with id 0 and writes the others back. Neither waits for the
  // database (Statement::Defer): a new clock's id is not read back (list the clocks to
  // see it), and a clock that is not there fails the transaction with NotFound.
  virtual Status SaveClocks(const std::vector<SlaClock>& clocks) = 0;
  // Only due_at and alert_at of running clocks, many at once (after a calendar change).
  virtual Status SaveDueTimes(ShopId shop, const std::vector<SlaClock>& clocks) = 0;
  virtual Status AppendEvents(const std::vector<SlaEvent>& events) = 0;
  virtual Result<std::vector<SlaEvent>> ListEvents(ShopId shop, ConversationId conversation) = 0;
  // The clocks of a conversation that reply `reply` answered or is to answer (any
  // state), oldest first: those a failed delivery runs again.
  virtual Result<std::vector<SlaClock>> ClocksAnsweredBy(ShopId shop, ConversationId conversation,
                                                         MessageId reply) = 0;
  // Whether a person has answered the conversation before (a fulfilled clock): the next
  // message is then owed a next response rather than a first one.
  virtual Result<bool> HasFulfilledClock(ShopId shop, ConversationId conversation) = 0;

  // In every shop: the conversations with a clock whose alert_at <= now, soonest
  // first, claimed for this worker (see Connection::ClaimRowsClause).
  virtual Result<std::vector<std::pair<ShopId, ConversationId>>> DueForAlerts(Timestamp now,
                                                                              int limit) = 0;
  // Running business-time clocks of a shop with id > after, by id.
  virtual Result<std::vector<SlaClock>> RunningBusinessClocks(ShopId shop, SlaClockId after,
                                                              int limit) = 0;
  // Sets each listed conversation's due_at to its earliest running clock (NULL when
  // none runs).
  virtual Status RefreshConversationDue(ShopId shop,
                                        const std::vector<ConversationId>& conversations) = 0;

  // Away mode; nullopt when the shop never set it.
  virtual Result<std::optional<AwaySettings>> FindAway(ShopId shop) = 0;
  virtual Status SaveAway(const AwaySettings& settings, Timestamp now) = 0;
  // When the customer last got an automatic answer; nullopt when never.
  virtual Result<std::optional<Timestamp>> LastAutoReply(ShopId shop, CustomerId customer) = 0;
  virtual Status RecordAutoReply(ShopId shop, CustomerId customer, MessageId message,
                                 Timestamp sent_at) = 0;
};

// Aggregates for reports (services/reports.h), each one query over an index by time.
struct VolumeBucket {
  Timestamp start = 0;  // a 15-minute bucket of created_at (local days are made of them)
  ChannelId channel_id = 0;
  std::int64_t count = 0;
};
struct TagCount {
  std::string tag;
  std::int64_t count = 0;
};
// A customer message's clock, as reports read it.
struct ClockRow {
  ChannelId channel_id = 0;
  ConversationId conversation_id = 0;
  MessageId message_id = 0;
  std::optional<AgentId> fulfilled_by;
  SlaClockState state = SlaClockState::kRunning;
  Timestamp started_at = 0;
  Timestamp due_at = 0;
  std::optional<Timestamp> breached_at;
  std::optional<Timestamp> ended_at;
};
struct ResolutionRow {
  ChannelId channel_id = 0;
  Timestamp created_at = 0;
  Timestamp resolved_at = 0;
};
struct BacklogCount {
  ConversationStatus status = ConversationStatus::kOpen;
  int age_bucket = 0;  // index into the `age_limits` given to Backlog, or its size: older
  std::int64_t count = 0;
};

class ReportRepo {
 public:
  virtual ~ReportRepo() = default;
  // Conversations created in [from, to), per 15-minute bucket and channel.
  virtual Result<std::vector<VolumeBucket>> Volume(ShopId shop, Timestamp from, Timestamp to) = 0;
  // The same without the split by channel (channel_id 0).
  virtual Result<std::vector<VolumeBucket>> VolumeTotals(ShopId shop, Timestamp from,
                                                         Timestamp to) = 0;
  // Tags of the conversations created in [from, to), most used first.
  virtual Result<std::vector<TagCount>> VolumeByTag(ShopId shop, Timestamp from, Timestamp to) = 0;
  // First-response clocks started in [from, to), except stopped ones: channel,
  // fulfilled_by, state (fulfilled, or running for any other), started_at, breached_at
  // and ended_at only.
  virtual Result<std::vector<ClockRow>> FirstResponses(ShopId shop, Timestamp from,
                                                       Timestamp to) = 0;
  // Clocks breached in [from, to), newest first, at most `limit`.
  virtual Result<std::vector<ClockRow>> LateResponses(ShopId shop, Timestamp from, Timestamp to,
                                                      int limit) = 0;
  // How many clocks were breached in [from, to), per channel.
  virtual Result<std::vector<std::pair<ChannelId, std::int64_t>>> LateResponseCounts(
      ShopId shop, Timestamp from, Timestamp to) = 0;
  // Conversations waiting for an answer since before `before`: the oldest running clock
  // of each (a paused clock, on hold by the shop's choice, does not wait), oldest
  // first, at most `limit`; and how many such conversations there are in all.
  virtual Result<std::pair<std::int64_t, std::vector<ClockRow>>> Unanswered(ShopId shop,
                                                                            Timestamp before,
                                                                            int limit) = 0;
  // Conversations resolved or closed in [from, to).
  virtual Result<std::vector<ResolutionRow>> Resolutions(ShopId shop, Timestamp from,
                                                         Timestamp to) = 0;
  // Open, pending and on-hold conversations by status and age: bucket i holds those
  // created after now - age_limits[i] (and not a younger bucket); ascending limits.
  virtual Result<std::vector<BacklogCount>> Backlog(ShopId shop, Timestamp now,
                                                    const std::vector<Timestamp>& age_limits) = 0;
};

// Accounts, sessions and the login throttle (no shop_id: see core/account.h).
class AccountRepo {
 public:
  virtual ~AccountRepo() = default;
  // Inserts; fills id. Conflict when the e-mail has an account.
  virtual Result<Account> Create(const Account& account) = 0;
  virtual Result<Account> Find(AccountId id) = 0;
  // NotFound when no account has this (lower-case) e-mail.
  virtual Result<Account> FindByEmail(const std::string& email) = 0;
  virtual Status SetPassword(AccountId id, const std::string& hash, Timestamp changed_at) = 0;
  virtual Status SetLoginState(AccountId id, int failed_logins, Timestamp locked_until) = 0;
  // The agents rows with this e-mail, in every shop (the person's memberships),
  // ordered by shop id.
  virtual Result<std::vector<Agent>> Memberships(const std::string& email) = 0;

  // Stores a session under the SHA-256 of its token; fills id.
  virtual Result<Session> CreateSession(const std::string& token_sha256,
                                        const Session& session) = 0;
  // NotFound for an unknown token (expired ones are found: callers check).
  virtual Result<Session> FindSession(const std::string& token_sha256) = 0;
  virtual Status TouchSession(SessionId id, Timestamp last_seen_at, Timestamp expires_at) = 0;
  virtual Status DeleteSession(SessionId id) = 0;
  // Ends every session of the account except `keep` (0: all); how many.
  virtual Result<std::int64_t> DeleteSessionsOf(AccountId account, SessionId keep) = 0;

  // Failed logins from `remote_address` since the window started; a window older than
  // `window_ms` restarts at `now`. RecordLoginFailure returns the count after it.
  virtual Result<int> LoginFailures(const std::string& remote_address, Timestamp now,
                                    Timestamp window_ms) = 0;
  virtual Result<int> RecordLoginFailure(const std::string& remote_address, Timestamp now,
                                         Timestamp window_ms) = 0;
};

}  // namespace shopdesk::store
