#include "channels/etsy/etsy_adapter.h"

namespace shopdesk::channels::etsy {

ChannelCapabilities EtsyAdapter::Capabilities() const {
  ChannelCapabilities can = mail_.Capabilities();
  can.sends_replies = false;
  return can;
}

ChannelCapabilities EtsyAdapter::Configured(const Channel& channel) const {
  ChannelCapabilities can = mail_.Configured(channel);
  can.sends_replies = false;
  return can;
}

const std::vector<SettingField>& EtsyAdapter::SettingFields() const {
  return mail_.SettingFields();
}

Status EtsyAdapter::CheckSettings(Channel& channel) const { return mail_.CheckSettings(channel); }

std::vector<ShownSetting> EtsyAdapter::ShowSettings(const Channel& channel) const {
  return mail_.ShowSettings(channel);
}

ReplyAddressing EtsyAdapter::AddressReply(const Channel& channel,
                                          const ReplyContext& context) const {
  return mail_.AddressReply(channel, context);
}

Result<InboundMessage> EtsyAdapter::Parse(std::string raw, const ParseOptions& options) const {
  return mail_.Parse(std::move(raw), options);
}

Status EtsyAdapter::Send(const Channel&, const OutboundMessage&, const AcceptedHook&) const {
  return Error::InvalidArgument(
      "replies on Etsy are written in Etsy's own conversations; send it there and mark it sent");
}

Result<std::unique_ptr<InboundSource>> EtsyAdapter::OpenSource(const Channel& channel) const {
  return mail_.OpenSource(channel);
}

std::vector<ChannelAdapter::ConnectionCheck> EtsyAdapter::CheckConnection(
    const Channel& channel) const {
  return mail_.CheckConnection(channel);
}

}  // namespace shopdesk::channels::etsy
