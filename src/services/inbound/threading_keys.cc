#include "services/inbound/threading_keys.h"

namespace shopdesk::services {

Status ComputeInboundThreadingKeys(InboundItem& item, InboundContext&) {
  if (item.sender_kind == SenderKind::kBounce ||
      item.sender_kind == SenderKind::kMarketplaceNotice) {
    item.keys = {};
    return Ok();
  }
  const channels::InboundMessage& m = item.message;
  item.keys = ComputeThreadingKeys(m.in_reply_to, m.references, m.subject, m.text);
  if (!item.thread_by_subject) item.keys.normalized_subject.clear();
  return Ok();
}

}  // namespace shopdesk::services
