#include "channels/email/email_adapter.h"

#include "channels/email/email_settings.h"
#include "channels/email/imap_mailbox.h"
#include "channels/email/mime_composer.h"
#include "channels/email/mime_parser.h"
#include "channels/email/smtp_transport.h"
#include "channels/reply_ids.h"

namespace shopdesk::channels::email {

ChannelCapabilities EmailAdapter::Capabilities() const {
  ChannelCapabilities can;
  can.sends_replies = true;
  can.polls = true;
  can.takes_copies = copies_ == Copies::kTaken;
  can.public_address = copies_ == Copies::kTaken;
  return can;
}

ChannelCapabilities EmailAdapter::Configured(const Channel& channel) const {
  ChannelCapabilities can = Capabilities();
  can.sends_replies = !SettingOf(channel, "smtp_url").empty();
  can.polls = !SettingOf(channel, "imap_url").empty();
  return can;
}

const std::vector<SettingField>& EmailAdapter::SettingFields() const {
  return EmailSettingFields();
}

Status EmailAdapter::CheckSettings(Channel& channel) const { return CheckEmailSettings(channel); }

std::vector<ShownSetting> EmailAdapter::ShowSettings(const Channel& channel) const {
  return ShowEmailSettings(channel);
}

ReplyAddressing EmailAdapter::AddressReply(const Channel& channel,
                                           const ReplyContext& context) const {
  ReplyAddressing out;
  const Message* last = context.last_inbound;
  // A mail stored without a Message-ID has a made-up id ("sha256:..."): nothing to cite.
  if (last && !last->external_id.empty() && last->external_id.rfind("sha256:", 0) != 0) {
    out.references = last->references;
    out.references.push_back(last->external_id);
  }
  out.in_reply_to = out.references.empty() ? "" : out.references.back();
  out.to_address = last ? last->from_address : context.customer_address;
  out.subject = ReplySubject(context.conversation_subject);
  out.external_id = NewReplyId(channel.address);
  return out;
}

Result<InboundMessage> EmailAdapter::Parse(std::string raw, const ParseOptions& options) const {
  return ParseMail(std::move(raw), options);
}

Status EmailAdapter::Send(const Channel& channel, const OutboundMessage& message,
                          const AcceptedHook& accepted) const {
  const EmailSettings mail = EmailSettingsOf(channel);
  if (mail.smtp_url.empty()) {
    return Error::InvalidArgument("channel '" + channel.name +
                                  "' has no SMTP server; set one with `shopdesk channel add "
                                  "--smtp-url smtp://host:port`")
        .WithReason("delivery.no_smtp", {{"channel", channel.name}});
  }
  auto bytes = ComposeMail(message);
  if (!bytes) return bytes.error();
  // The envelope names every recipient; Bcc is nowhere in the mail itself.
  std::vector<std::string> recipients = {message.to_address};
  recipients.insert(recipients.end(), message.cc.begin(), message.cc.end());
  recipients.insert(recipients.end(), message.bcc.begin(), message.bcc.end());
  return SendMail(mail, message.from_address, recipients, *bytes, CurlTimeouts{}, accepted);
}

Result<std::unique_ptr<InboundSource>> EmailAdapter::OpenSource(const Channel& channel) const {
  return OpenImapMailbox(EmailSettingsOf(channel));
}

std::vector<ChannelAdapter::ConnectionCheck> EmailAdapter::CheckConnection(
    const Channel& channel) const {
  const CurlTimeouts timeouts{std::chrono::seconds(15), std::chrono::seconds(30)};
  const EmailSettings mail = EmailSettingsOf(channel);
  std::vector<ConnectionCheck> checks;
  if (!mail.imap_url.empty()) {
    ConnectionCheck& check = checks.emplace_back(ConnectionCheck{"inbound", Ok(), 0});
    auto mailbox = OpenImapMailbox(mail, timeouts);
    if (!mailbox) {
      check.status = mailbox.error();
    } else if (auto unseen = (*mailbox)->ListPending(); !unseen) {
      check.status = unseen.error();
    } else {
      check.pending = static_cast<std::int64_t>(unseen->size());
    }
  }
  if (!mail.smtp_url.empty()) {
    checks.push_back({"outbound", CheckSmtpLogin(mail, timeouts), 0});
  }
  return checks;
}

}  // namespace shopdesk::channels::email
