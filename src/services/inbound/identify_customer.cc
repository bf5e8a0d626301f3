#include "services/inbound/identify_customer.h"

#include "core/customer.h"

namespace shopdesk::services {

Status IdentifyCustomer(InboundItem& item, InboundContext& context) {
  if (item.returned_reply) return Ok();
  const std::string address = item.party.address.empty()
                                  ? "unknown-sender+" + item.raw_sha256.substr(0, 16) + "@invalid"
                                  : item.party.address;
  const CustomerIdentity identity =
      item.message.sender_identity.value_or(CustomerIdentity{kEmailIdentity, address});
  auto customer = context.db->customers().FindOrCreateByIdentity(
      context.channel.shop_id, identity, address, item.party.name, context.now);
  if (!customer) return customer.error();
  item.customer = std::move(*customer);
  return Ok();
}

}  // namespace shopdesk::services
