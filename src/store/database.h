#pragma once

// The repositories of one database, one header each (store/<name>_repo.h). SQL lives
// only in their implementations (store/sql/<name>_repo.cc, run by store/sqlite/ or
// store/postgres/). Every method that touches tenant data takes the ShopId
// and never returns another shop's rows: a row of another shop is NotFound.
//
// Threading: a repository belongs to one Database (one connection) and is not
// thread-safe; use one Database per thread (see DatabasePool).
// Errors: Unavailable when the database fails (locked, disk, connection), NotFound
// for a missing row, Conflict for a unique-key clash, InvalidArgument for bad input.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "store/account_repo.h"
#include "store/agent_repo.h"
#include "store/audit_repo.h"
#include "store/auto_reply_repo.h"
#include "store/away_repo.h"
#include "store/blob_repo.h"
#include "store/business_calendar_repo.h"
#include "store/channel_repo.h"
#include "store/conversation_repo.h"
#include "store/customer_repo.h"
#include "store/event_repo.h"
#include "store/inbox_view_repo.h"
#include "store/message_repo.h"
#include "store/outbox_repo.h"
#include "store/privacy_repo.h"
#include "store/report_repo.h"
#include "store/saved_reply_repo.h"
#include "store/shop_repo.h"
#include "store/sla_clock_repo.h"
#include "store/sla_policy_repo.h"
#include "store/team_repo.h"

namespace shopdesk::store {

// A transaction on one Database. Destroying it without Commit() rolls back.
class Transaction {
 public:
  virtual ~Transaction() = default;
  // Makes the writes durable. After Commit (successful or not) the transaction is over.
  virtual Status Commit() = 0;
};

// One connection to a database plus its repositories. Not thread-safe: one per
// thread (DatabasePool hands them out).
class Database {
 public:
  virtual ~Database() = default;

  // A write transaction (SQLite: BEGIN IMMEDIATE, so two writers serialize up front
  // instead of failing at commit). Unavailable when the database stays busy.
  virtual Result<std::unique_ptr<Transaction>> BeginWrite() = 0;
  // A read transaction: a consistent snapshot for several queries.
  virtual Result<std::unique_ptr<Transaction>> BeginRead() = 0;

  virtual ShopRepo& shops() = 0;
  virtual ChannelRepo& channels() = 0;
  virtual AgentRepo& agents() = 0;
  virtual CustomerRepo& customers() = 0;
  virtual ConversationRepo& conversations() = 0;
  virtual MessageRepo& messages() = 0;
  virtual BlobRepo& blobs() = 0;
  virtual OutboxRepo& outbox() = 0;
  virtual EventRepo& events() = 0;
  virtual AccountRepo& accounts() = 0;
  virtual TeamRepo& teams() = 0;
  virtual SavedReplyRepo& saved_replies() = 0;
  virtual InboxViewRepo& inbox_views() = 0;
  virtual AuditRepo& audit() = 0;
  virtual PrivacyRepo& privacy() = 0;
  virtual SlaPolicyRepo& sla_policies() = 0;
  virtual BusinessCalendarRepo& calendars() = 0;
  virtual SlaClockRepo& sla_clocks() = 0;
  virtual AwayRepo& away() = 0;
  virtual AutoReplyRepo& auto_replies() = 0;
  virtual ReportRepo& reports() = 0;

  // Waits up to `timeout` for another connection to commit live events. PostgreSQL:
  // LISTEN on this connection (issued on first use and after a reconnect), true when
  // a NOTIFY from any process arrived. SQLite has no cross-process signal: true when a
  // connection of this process committed events during the wait; commits of other
  // processes are found by polling. Unavailable when the connection is lost.
  virtual Result<bool> WaitForEventSignal(std::chrono::milliseconds timeout) = 0;

  // "sqlite" or "postgresql".
  virtual std::string_view backend() const = 0;
  // A cheap round trip, for /healthz.
  virtual Status Ping() = 0;
  // The highest applied migration number.
  virtual Result<int> SchemaVersion() = 0;
};

struct OpenOptions {
  // Apply pending migrations (start-up and `shopdesk migrate` do; others may not).
  bool migrate = true;
  // How long a writer waits for a lock before Unavailable.
  int busy_timeout_ms = 10000;
};

// Opens `url`: "sqlite:PATH" (the file and its directory are created) or
// "sqlite::memory:". InvalidArgument for an unknown scheme, Unavailable when the
// database cannot be opened or migrated.
Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url,
                                               const OpenOptions& options = {});

}  // namespace shopdesk::store
