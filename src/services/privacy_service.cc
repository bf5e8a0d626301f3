#include "services/privacy_service.h"

#include <algorithm>

namespace shopdesk::services {

PrivacyService::PrivacyService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

Result<CustomerRecord> PrivacyService::Export(ShopId shop, CustomerId id, const Actor& actor) {
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  CustomerRecord record;
  auto customer = db_.customers().Find(shop, id);
  if (!customer) return customer.error();
  record.customer = std::move(*customer);
  auto identities = db_.customers().Identities(shop, id);
  if (!identities) return identities.error();
  record.identities = std::move(*identities);
  store::ConversationFilter filter;
  filter.customer_id = id;
  filter.limit = 200;
  std::size_t messages = 0;
  for (;;) {
    auto page = db_.conversations().List(shop, filter);
    if (!page) return page.error();
    for (auto& row : page->items) {
      auto list = db_.messages().ListByConversation(shop, row.conversation.id);
      if (!list) return list.error();
      messages += list->size();
      record.conversations.push_back(ConversationDetail{
          std::move(row.conversation), record.customer, std::move(*list), {}, std::nullopt});
    }
    if (page->next_cursor.empty()) break;
    filter.cursor = page->next_cursor;
  }
  std::sort(record.conversations.begin(), record.conversations.end(),
            [](const ConversationDetail& a, const ConversationDetail& b) {
              return a.conversation.id < b.conversation.id;
            });
  SHOPDESK_TRY(RecordAudit(db_, shop, actor, "privacy.exported", "customer:" + std::to_string(id),
                           {{"conversations", record.conversations.size()}, {"messages", messages}},
                           clock_.Now()));
  SHOPDESK_TRY((*tx)->Commit());
  return record;
}

Result<store::ErasureCounts> PrivacyService::Erase(ShopId shop, CustomerId id, const Actor& actor) {
  const Timestamp now = clock_.Now();
  auto tx = db_.BeginWrite();
  if (!tx) return tx.error();
  auto counts = db_.privacy().EraseCustomer(shop, id, now);
  if (!counts) return counts.error();
  SHOPDESK_TRY(RecordAudit(db_, shop, actor, "privacy.erased", "customer:" + std::to_string(id),
                           {{"conversations", counts->conversations},
                            {"messages", counts->messages},
                            {"attachments", counts->attachments},
                            {"blobs_deleted", counts->blobs_deleted},
                            {"outbox_jobs_cancelled", counts->outbox_jobs_cancelled}},
                           now));
  SHOPDESK_TRY((*tx)->Commit());
  return counts;
}

}  // namespace shopdesk::services
