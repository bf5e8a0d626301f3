#pragma once

#include "channels/channel_adapter.h"

namespace shopdesk::channels::web {

// The shop's own site: it pushes its customers' messages (web_push.h) to the API or,
// signed, to /hooks/{shop}/channels/{id}; replies go back as signed POSTs to the site
// (reply_post.h). Settings: reply_url, and push_key (secret), the key that signs both
// ways.
class WebAdapter final : public ChannelAdapter {
 public:
  // Sends replies and takes pushes; polls nothing; a reply goes to its customer alone.
  ChannelCapabilities Capabilities() const override;
  // Sends once a reply URL is set; takes signed pushes once a key is.
  ChannelCapabilities Configured(const Channel& channel) const override;
  const std::vector<SettingField>& SettingFields() const override;
  // The address is the From of replies, an e-mail address as for mail; the reply URL
  // is http(s); a key is at least 16 bytes, and a reply URL needs one.
  Status CheckSettings(Channel& channel) const override;
  // reply_url (without user:password@), reply_configured, push_key_set; never the key.
  std::vector<ShownSetting> ShowSettings(const Channel& channel) const override;
  // X-Shopdesk-Signature, hex, under push_key.
  PushSignature PushSignatureOf(const Channel& channel) const override;
  // To the customer of the newest message, in reply to the site's id for it.
  ReplyAddressing AddressReply(const Channel& channel, const ReplyContext& context) const override;
  Result<InboundMessage> Parse(std::string raw, const ParseOptions& options) const override;
  // A signed POST to reply_url; InvalidArgument (delivery.no_reply_url) without one.
  Status Send(const Channel& channel, const OutboundMessage& message,
              const AcceptedHook& accepted) const override;
  // NotFound: nothing to poll.
  Result<std::unique_ptr<InboundSource>> OpenSource(const Channel& channel) const override;
  // "outbound": connects to the reply URL's server, sending nothing.
  std::vector<ConnectionCheck> CheckConnection(const Channel& channel) const override;
};

}  // namespace shopdesk::channels::web
