#include "services/inbound/parse_step.h"

#include "core/digest.h"

namespace shopdesk::services {

Status ParseInbound(InboundItem& item, const InboundContext& context, std::string raw) {
  if (raw.empty()) {
    return Error::InvalidArgument("the message is empty (0 bytes); nothing to store");
  }
  auto adapter = context.options.channels->For(context.channel.kind);
  if (!adapter) return adapter.error();
  item.raw_sha256 = Sha256Hex(raw);
  auto message = (*adapter)->Parse(std::move(raw), context.options.parse);
  if (!message) return message.error();
  item.message = std::move(*message);
  item.external_id =
      item.message.external_id.empty() ? "sha256:" + item.raw_sha256 : item.message.external_id;
  return Ok();
}

}  // namespace shopdesk::services
