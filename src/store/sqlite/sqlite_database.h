#pragma once

#include <memory>
#include <string>

#include "store/database.h"
#include "store/sqlite/sqlite_connection.h"

namespace shopdesk::store::sqlite {

// Opens the SQLite database at `path` (":memory:" for a private one), sets WAL,
// synchronous=FULL and foreign keys, and applies pending migrations when asked.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path,
                                                     const OpenOptions& options);

// The repositories over one connection. Defined in sqlite_*_repo.cc.
std::unique_ptr<ShopRepo> MakeShopRepo(Connection& c);
std::unique_ptr<ChannelRepo> MakeChannelRepo(Connection& c);
std::unique_ptr<AgentRepo> MakeAgentRepo(Connection& c);
std::unique_ptr<CustomerRepo> MakeCustomerRepo(Connection& c);
std::unique_ptr<ConversationRepo> MakeConversationRepo(Connection& c);
std::unique_ptr<MessageRepo> MakeMessageRepo(Connection& c);
std::unique_ptr<BlobRepo> MakeBlobRepo(Connection& c);
std::unique_ptr<OutboxRepo> MakeOutboxRepo(Connection& c);

// The numbered migrations compiled into the binary (generated from migrations/*.sql).
struct Migration {
  int version;
  const char* name;
  const char* sql;
};
extern const Migration kMigrations[];
extern const int kMigrationCount;

}  // namespace shopdesk::store::sqlite
