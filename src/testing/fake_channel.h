#pragma once

// A channel adapter for service tests: it reads items as e-mail does, records every
// message it is asked to send and answers as told (accepted, a failure that may pass,
// one that will not), so the success paths of sending are tested without a server.
// Test-only.

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "channels/channel_adapter.h"
#include "channels/channel_registry.h"
#include "channels/email/email_adapter.h"

namespace shopdesk::testing {

class FakeChannel final : public channels::ChannelAdapter {
 public:
  struct Sent {
    ChannelId channel_id = 0;
    channels::OutboundMessage message;
  };

  // What the next sends answer (Ok: accepted); it stays until changed.
  void AnswerSendsWith(Status status) {
    std::lock_guard lock(mu_);
    answer_ = std::move(status);
  }
  // Every message accepted so far, oldest first.
  std::vector<Sent> sent() const {
    std::lock_guard lock(mu_);
    return sent_;
  }
  int attempts() const {
    std::lock_guard lock(mu_);
    return attempts_;
  }

  channels::ChannelCapabilities Capabilities() const override {
    channels::ChannelCapabilities can;
    can.sends_replies = true;
    can.takes_copies = true;
    return can;
  }
  // Sends whatever its settings; takes copies on "email" channels only, as the
  // product's relay-mail marketplaces do not.
  channels::ChannelCapabilities Configured(const Channel& channel) const override {
    channels::ChannelCapabilities can = Capabilities();
    can.takes_copies = channel.kind == "email";
    return can;
  }
  // As e-mail's.
  const std::vector<channels::SettingField>& SettingFields() const override {
    return mail_.SettingFields();
  }
  Status CheckSettings(Channel& channel) const override { return mail_.CheckSettings(channel); }
  std::vector<channels::ShownSetting> ShowSettings(const Channel& channel) const override {
    return mail_.ShowSettings(channel);
  }
  // How replies are addressed: as e-mail's unless told otherwise.
  using Addressing =
      std::function<channels::ReplyAddressing(const Channel&, const channels::ReplyContext&)>;
  void AddressRepliesWith(Addressing addressing) {
    std::lock_guard lock(mu_);
    addressing_ = std::move(addressing);
  }
  channels::ReplyAddressing AddressReply(const Channel& channel,
                                         const channels::ReplyContext& context) const override {
    Addressing addressing;
    {
      std::lock_guard lock(mu_);
      addressing = addressing_;
    }
    return addressing ? addressing(channel, context) : mail_.AddressReply(channel, context);
  }
  Result<channels::InboundMessage> Parse(std::string raw,
                                         const channels::ParseOptions& options) const override {
    return mail_.Parse(std::move(raw), options);
  }
  Status Send(const Channel& channel, const channels::OutboundMessage& message,
              const AcceptedHook& accepted) const override {
    Status answer = Ok();
    {
      std::lock_guard lock(mu_);
      ++attempts_;
      answer = answer_;
      if (answer) sent_.push_back({channel.id, message});
    }
    if (answer && accepted) accepted();
    return answer;
  }
  Result<std::unique_ptr<channels::InboundSource>> OpenSource(const Channel&) const override {
    return Error::NotFound("inbound source", "fake channel");
  }
  std::vector<ConnectionCheck> CheckConnection(const Channel&) const override {
    return {{"outbound", Ok(), 0}};
  }

  // A registry in which the e-mail kinds (e-mail and the relay-mail marketplaces) use
  // this fake; other kinds keep the product's adapters (Etsy still sends by hand).
  channels::ChannelRegistry Registry() const {
    channels::ChannelRegistry registry;
    for (const char* kind : {"email", "amazon", "ebay"}) registry.Add(kind, *this);
    for (const auto& kind : channels::BuiltInChannels().Kinds()) {
      if (kind == "email" || kind == "amazon" || kind == "ebay") continue;
      if (auto adapter = channels::BuiltInChannels().For(kind)) registry.Add(kind, **adapter);
    }
    return registry;
  }

 private:
  channels::email::EmailAdapter mail_;
  mutable std::mutex mu_;
  mutable Status answer_ = Ok();
  mutable std::vector<Sent> sent_;
  mutable int attempts_ = 0;
  Addressing addressing_;
};

}  // namespace shopdesk::testing
