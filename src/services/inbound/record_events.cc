#include "services/inbound/record_events.h"

#include "services/live_events.h"

namespace shopdesk::services {

Status RecordInboundEvents(InboundItem& item, InboundContext& context) {
  store::Database& db = *context.db;
  SHOPDESK_TRY(db.conversations().Update(item.conversation));
  if (item.started) SHOPDESK_TRY(RecordConversationCreated(db, item.conversation, context.now));
  SHOPDESK_TRY(RecordMessageCreated(db, item.stored, item.conversation, context.now));
  if (item.away_answer) {
    SHOPDESK_TRY(RecordMessageCreated(db, *item.away_answer, item.conversation, context.now));
  }
  return Ok();
}

}  // namespace shopdesk::services
