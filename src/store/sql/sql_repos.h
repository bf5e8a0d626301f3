#pragma once

#include <memory>

#include "store/inbox_view_repo.h"
#include "store/repos.h"
#include "store/sql/sql_connection.h"

namespace shopdesk::store::sql {

// An agents row read by "SELECT <kAgentColumns> FROM agents a ...", for the
// repositories that list agents.
extern const char* const kAgentColumns;
Agent ReadAgent(const Statement& s);

// The non-empty parts of `text` between `separator`s: the stored form of small lists
// (tags "a,b", durations "14400000,3600000", closed days "2026-12-29 2026-12-30").
std::vector<std::string> SplitNonEmpty(const std::string& text, char separator);
// "?,?,...,?" for an IN list of `n` values, padded to the next power of two so that a
// few prepared statements serve every length (bind the last value into the padding).
// Returns the placeholder text; `*slots` is the padded count.
std::string PaddedInList(size_t n, size_t* slots);

// The parts joined by `separator`, the inverse of SplitNonEmpty for non-empty parts.
std::string JoinParts(const std::vector<std::string>& parts, char separator);

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
std::unique_ptr<SlaRepo> MakeSlaRepo(Connection& c);
std::unique_ptr<ReportRepo> MakeReportRepo(Connection& c);

}  // namespace shopdesk::store::sql
