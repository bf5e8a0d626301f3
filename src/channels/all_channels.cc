// The one list of channel adapters. Adding a channel: one folder under channels/
// and one line here; nothing above channels/ changes.
#include "channels/channel_registry.h"
#include "channels/email/email_adapter.h"
#include "channels/etsy/etsy_adapter.h"

namespace shopdesk::channels {

const ChannelRegistry& BuiltInChannels() {
  static const email::EmailAdapter kEmail;
  static const etsy::EtsyAdapter kEtsy;
  static const ChannelRegistry kRegistry =
      ChannelRegistry()
          .Add(ChannelKind::kEmail, kEmail)
          .Add(ChannelKind::kAmazon, kEmail)  // buyer-seller messages arrive as relay mail
          .Add(ChannelKind::kEbay, kEmail)
          .Add(ChannelKind::kEtsy, kEtsy);
  return kRegistry;
}

}  // namespace shopdesk::channels
