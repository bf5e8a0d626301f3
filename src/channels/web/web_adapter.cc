#include "channels/web/web_adapter.h"

#include "channels/reply_ids.h"
#include "channels/web/reply_post.h"
#include "channels/web/web_push.h"
#include "core/url_text.h"

namespace shopdesk::channels::web {
namespace {

constexpr std::size_t kMinKeyBytes = 16;

}  // namespace

ChannelCapabilities WebAdapter::Capabilities() const {
  ChannelCapabilities can;
  can.sends_replies = true;
  can.receives_pushes = true;
  return can;
}

ChannelCapabilities WebAdapter::Configured(const Channel& channel) const {
  ChannelCapabilities can = Capabilities();
  can.sends_replies = !SettingOf(channel, "reply_url").empty();
  can.receives_pushes = !SecretOf(channel, "push_key").empty();
  return can;
}

const std::vector<SettingField>& WebAdapter::SettingFields() const {
  static const std::vector<SettingField> kFields = {
      {"reply_url", SettingField::Type::kText,
       "where the site takes replies, e.g. https://shop.example/shopdesk/replies"},
      {"push_key", SettingField::Type::kSecret,
       "the key (16 bytes or more) that signs pushes and replies"},
  };
  return kFields;
}

Status WebAdapter::CheckSettings(Channel& channel) const {
  SHOPDESK_TRY(CheckFromAddress(channel));
  const std::string url = SettingOf(channel, "reply_url");
  const std::string key = SecretOf(channel, "push_key");
  if (!url.empty() && url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
    return Error::InvalidArgument("the reply URL must start with https:// or http:// (got '" +
                                  WithoutUserinfo(url) + "')")
        .WithReason("channel.bad_reply_url");
  }
  if (!key.empty() && key.size() < kMinKeyBytes) {
    return Error::InvalidArgument("the push key must be at least 16 bytes")
        .WithReason("channel.short_push_key", {{"min", std::to_string(kMinKeyBytes)}});
  }
  if (!url.empty() && key.empty()) {
    return Error::InvalidArgument("replies are signed: set a push key with the reply URL")
        .WithReason("channel.short_push_key", {{"min", std::to_string(kMinKeyBytes)}});
  }
  return Ok();
}

std::vector<ShownSetting> WebAdapter::ShowSettings(const Channel& channel) const {
  const std::string url = SettingOf(channel, "reply_url");
  return {{"reply_url", WithoutUserinfo(url)},
          {"reply_configured", !url.empty()},
          {"push_key_set", !SecretOf(channel, "push_key").empty()}};
}

PushSignature WebAdapter::PushSignatureOf(const Channel& channel) const {
  return {kSignatureHeader, false, SecretOf(channel, "push_key")};
}

ReplyAddressing WebAdapter::AddressReply(const Channel& channel,
                                         const ReplyContext& context) const {
  ReplyAddressing out;
  const Message* last = context.last_inbound;
  out.to_address =
      last && !last->from_address.empty() ? last->from_address : context.customer_address;
  // The site's own id for the message answered; a push without one has a made-up id.
  if (last && !last->external_id.empty() && last->external_id.rfind("sha256:", 0) != 0) {
    out.in_reply_to = last->external_id;
    out.references = {last->external_id};
  }
  out.subject = ReplySubject(context.conversation_subject);
  out.external_id = NewReplyId(channel.address);
  return out;
}

Result<InboundMessage> WebAdapter::Parse(std::string raw, const ParseOptions&) const {
  return ParseWebPush(std::move(raw));
}

Status WebAdapter::Send(const Channel& channel, const OutboundMessage& message,
                        const AcceptedHook& accepted) const {
  const std::string url = SettingOf(channel, "reply_url");
  if (url.empty()) {
    return Error::InvalidArgument("channel '" + channel.name +
                                  "' has no reply URL; set one in its settings (reply_url)")
        .WithReason("delivery.no_reply_url", {{"channel", channel.name}});
  }
  return PostSigned(url, SecretOf(channel, "push_key"), ReplyBody(message), accepted);
}

Result<std::unique_ptr<InboundSource>> WebAdapter::OpenSource(const Channel&) const {
  return Error::NotFound("inbound source", "web channel (the site pushes its messages)");
}

std::vector<ChannelAdapter::ConnectionCheck> WebAdapter::CheckConnection(
    const Channel& channel) const {
  const std::string url = SettingOf(channel, "reply_url");
  if (url.empty()) return {};
  return {{"outbound", CheckReachable(url), 0}};
}

}  // namespace shopdesk::channels::web
