#pragma once

#include "channels/channel_adapter.h"

namespace shopdesk::channels::email {

// E-mail in (MIME parsing, IMAP polling) and out (MIME composing, SMTP). Also the
// adapter of marketplaces whose buyer messages arrive as relay mail.
class EmailAdapter final : public ChannelAdapter {
 public:
  // kRelay: a marketplace relays each reply to its buyer alone, so replies take no
  // copies (Cc, Bcc).
  enum class Copies { kTaken, kRelay };
  explicit EmailAdapter(Copies copies = Copies::kTaken) : copies_(copies) {}

  // Sends replies (SMTP) and polls (IMAP).
  ChannelCapabilities Capabilities() const override;
  // Sends once an SMTP URL is set, polls once an IMAP URL is.
  ChannelCapabilities Configured(const Channel& channel) const override;
  // email_settings.h.
  const std::vector<SettingField>& SettingFields() const override;
  Status CheckSettings(Channel& channel) const override;
  std::vector<ShownSetting> ShowSettings(const Channel& channel) const override;
  // To the sender of the customer's newest mail (else the customer's address), "Re: "
  // before the subject unless it reads as a reply already, a new Message-ID at the
  // channel's domain, In-Reply-To and References continuing the customer's thread.
  ReplyAddressing AddressReply(const Channel& channel, const ReplyContext& context) const override;
  Result<InboundMessage> Parse(std::string raw, const ParseOptions& options) const override;
  Status Send(const Channel& channel, const OutboundMessage& message,
              const AcceptedHook& accepted) const override;
  Result<std::unique_ptr<InboundSource>> OpenSource(const Channel& channel) const override;
  // IMAP: log in, select the folder and count the unread mail (UID SEARCH UNSEEN, which
  // marks nothing); SMTP: log in as sending does and QUIT. 15 s to connect each.
  std::vector<ConnectionCheck> CheckConnection(const Channel& channel) const override;

 private:
  Copies copies_;
};

}  // namespace shopdesk::channels::email
