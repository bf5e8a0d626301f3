#include "channels/email/email_adapter.h"

#include "channels/email/imap_mailbox.h"
#include "channels/email/mime_composer.h"
#include "channels/email/mime_parser.h"
#include "channels/email/smtp_transport.h"

namespace shopdesk::channels::email {

Result<InboundMessage> EmailAdapter::Parse(std::string raw, const ParseOptions& options) const {
  return ParseMail(std::move(raw), options);
}

Status EmailAdapter::Send(const Channel& channel, const OutboundMessage& message,
                          const AcceptedHook& accepted) const {
  if (channel.email.smtp_url.empty()) {
    return Error::InvalidArgument("channel '" + channel.name +
                                  "' has no SMTP server; set one with `shopdesk channel add "
                                  "--smtp-url smtp://host:port`");
  }
  auto bytes = ComposeMail(message);
  if (!bytes) return bytes.error();
  return SendMail(channel.email, message.from_address, {message.to_address}, *bytes, CurlTimeouts{},
                  accepted);
}

Result<std::unique_ptr<InboundSource>> EmailAdapter::OpenSource(const Channel& channel) const {
  return OpenImapMailbox(channel.email);
}

}  // namespace shopdesk::channels::email
