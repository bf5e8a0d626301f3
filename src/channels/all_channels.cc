// The one list of channel adapters. Adding a channel: one folder under channels/
// and one line here; nothing above channels/ changes.
#include "channels/channel_adapter.h"
#include "channels/email/email_adapter.h"

namespace shopdesk::channels {

Result<const ChannelAdapter*> AdapterFor(ChannelKind kind) {
  static const email::EmailAdapter kEmail;
  switch (kind) {
    case ChannelKind::kEmail:
    case ChannelKind::kAmazon:  // buyer-seller messages arrive as relay mail
    case ChannelKind::kEbay:
    case ChannelKind::kEtsy:
      return static_cast<const ChannelAdapter*>(&kEmail);
    default:
      return Error::NotFound("channel adapter", std::string(ChannelKindName(kind)));
  }
}

bool SentByHand(ChannelKind kind) {
  // Etsy's buyer messages arrive as notification mail, but answers are written in
  // Etsy's own conversations.
  return kind == ChannelKind::kEtsy || !AdapterFor(kind);
}

}  // namespace shopdesk::channels
