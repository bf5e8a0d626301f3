#pragma once

#include <memory>

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
#include "store/sql/sql_connection.h"
#include "store/team_repo.h"

namespace shopdesk::store::sql {

// The repositories over one Connection, shared by every SQL backend.
std::unique_ptr<ShopRepo> MakeShopRepo(Connection& c);
std::unique_ptr<ChannelRepo> MakeChannelRepo(Connection& c);
std::unique_ptr<AgentRepo> MakeAgentRepo(Connection& c);
std::unique_ptr<CustomerRepo> MakeCustomerRepo(Connection& c);
std::unique_ptr<ConversationRepo> MakeConversationRepo(Connection& c);
std::unique_ptr<MessageRepo> MakeMessageRepo(Connection& c);
std::unique_ptr<BlobRepo> MakeBlobRepo(Connection& c);
std::unique_ptr<OutboxRepo> MakeOutboxRepo(Connection& c);
std::unique_ptr<EventRepo> MakeEventRepo(Connection& c);
std::unique_ptr<AccountRepo> MakeAccountRepo(Connection& c);
std::unique_ptr<TeamRepo> MakeTeamRepo(Connection& c);
std::unique_ptr<SavedReplyRepo> MakeSavedReplyRepo(Connection& c);
std::unique_ptr<InboxViewRepo> MakeInboxViewRepo(Connection& c);
std::unique_ptr<AuditRepo> MakeAuditRepo(Connection& c);
std::unique_ptr<PrivacyRepo> MakePrivacyRepo(Connection& c);
std::unique_ptr<SlaPolicyRepo> MakeSlaPolicyRepo(Connection& c);
std::unique_ptr<BusinessCalendarRepo> MakeBusinessCalendarRepo(Connection& c);
std::unique_ptr<SlaClockRepo> MakeSlaClockRepo(Connection& c);
std::unique_ptr<AwayRepo> MakeAwayRepo(Connection& c);
std::unique_ptr<AutoReplyRepo> MakeAutoReplyRepo(Connection& c);
std::unique_ptr<ReportRepo> MakeReportRepo(Connection& c);

}  // namespace shopdesk::store::sql
