#include "services/inbound/identify_customer.h"

namespace shopdesk::services {

Status IdentifyCustomer(InboundItem& item, InboundContext& context) {
  if (item.returned_reply) return Ok();
  const std::string address = item.party.address.empty()
                                  ? "unknown-sender+" + item.raw_sha256.substr(0, 16) + "@invalid"
                                  : item.party.address;
  auto customer = context.db->customers().FindOrCreateByEmail(context.channel.shop_id, address,
                                                              item.party.name, context.now);
  if (!customer) return customer.error();
  item.customer = std::move(*customer);
  return Ok();
}

}  // namespace shopdesk::services
