#include "services/inbound/away_answer.h"

#include "services/auto_reply.h"

namespace shopdesk::services {

Status AnswerAway(InboundItem& item, InboundContext& context) {
  if (item.sender_kind != SenderKind::kCustomer || !IsAnswerableAddress(item.stored.from_address)) {
    return Ok();
  }
  auto answer = AnswerWhileAway(*context.db, *context.options.channels, context.channel,
                                item.conversation, item.stored, context.now, context.settings);
  if (!answer) return answer.error();
  item.away_answer = std::move(*answer);
  return Ok();
}

}  // namespace shopdesk::services
