#pragma once

// The mail server settings of a channel read as mail, as the e-mail adapter declares
// them (EmailSettingFields) and stores them in the channel's settings document.

#include <string>
#include <vector>

#include "channels/channel_settings.h"
#include "core/channel.h"

namespace shopdesk::channels::email {

// URLs are libcurl URLs: imap://host:port/INBOX, imaps://..., smtp://host:port, smtps://...
struct EmailSettings {
  std::string imap_url;  // empty: not polled (mail arrives by `shopdesk ingest`)
  std::string imap_user;
  std::string imap_password;
  std::string smtp_url;  // empty: replies cannot be sent (queued, then failed)
  std::string smtp_user;
  std::string smtp_password;
  bool smtp_starttls = false;  // require STARTTLS on smtp:// URLs
};

// imap_url, imap_user, imap_password (secret), smtp_url, smtp_user, smtp_password
// (secret), smtp_starttls (flag).
const std::vector<SettingField>& EmailSettingFields();

EmailSettings EmailSettingsOf(const Channel& channel);
// Stores `mail` as `channel`'s settings, replacing what they held.
void SetEmailSettings(Channel& channel, const EmailSettings& mail);

// Lower-cases the channel's From address and checks it and the URLs' schemes.
Status CheckEmailSettings(Channel& channel);

// The settings as the API shows them: URLs without their userinfo, no passwords, and
// whether each server is configured (imap_configured, smtp_configured).
std::vector<ShownSetting> ShowEmailSettings(const Channel& channel);

}  // namespace shopdesk::channels::email
