#pragma once

#include "channels/channel_adapter.h"
#include "channels/email/email_adapter.h"

namespace shopdesk::channels::etsy {

// Etsy: a buyer's message arrives as Etsy's notification mail (read as e-mail, from the
// shop's mailbox), but answers are written in Etsy's own conversations: mail to the
// notification reaches no one, so this adapter sends nothing.
class EtsyAdapter final : public ChannelAdapter {
 public:
  ChannelCapabilities Capabilities() const override;
  ChannelCapabilities Configured(const Channel& channel) const override;
  // As e-mail's: the shop's mailbox that receives Etsy's notifications.
  const std::vector<SettingField>& SettingFields() const override;
  Status CheckSettings(Channel& channel) const override;
  std::vector<ShownSetting> ShowSettings(const Channel& channel) const override;
  // As e-mail's: the agent copies the text into Etsy; the record reads like a mail reply.
  ReplyAddressing AddressReply(const Channel& channel, const ReplyContext& context) const override;
  Result<InboundMessage> Parse(std::string raw, const ParseOptions& options) const override;
  // InvalidArgument: replies are written on Etsy.
  Status Send(const Channel& channel, const OutboundMessage& message,
              const AcceptedHook& accepted) const override;
  Result<std::unique_ptr<InboundSource>> OpenSource(const Channel& channel) const override;
  // As e-mail's.
  std::vector<ConnectionCheck> CheckConnection(const Channel& channel) const override;

 private:
  email::EmailAdapter mail_{email::EmailAdapter::Copies::kRelay};
};

}  // namespace shopdesk::channels::etsy
