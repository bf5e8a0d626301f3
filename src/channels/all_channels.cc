// The one list of channel adapters. Adding a channel: one folder under channels/
// and one line here; nothing above channels/ changes.
#include "channels/channel_registry.h"
#include "channels/email/email_adapter.h"
#include "channels/etsy/etsy_adapter.h"
#include "channels/web/web_adapter.h"

namespace shopdesk::channels {

const ChannelRegistry& BuiltInChannels() {
  static const email::EmailAdapter kEmail;
  // Buyer-seller messages of these marketplaces arrive and leave as relay mail.
  static const email::EmailAdapter kRelayMail(email::EmailAdapter::Copies::kRelay);
  static const etsy::EtsyAdapter kEtsy;
  static const web::WebAdapter kWeb;
  static const ChannelRegistry kRegistry = ChannelRegistry()
                                               .Add("email", kEmail)
                                               .Add("amazon", kRelayMail)
                                               .Add("ebay", kRelayMail)
                                               .Add("etsy", kEtsy)
                                               .Add("web", kWeb);
  return kRegistry;
}

}  // namespace shopdesk::channels
