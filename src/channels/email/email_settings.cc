#include "channels/email/email_settings.h"

#include <initializer_list>

#include "core/url_text.h"

namespace shopdesk::channels::email {
namespace {

using Type = SettingField::Type;

bool HasScheme(const std::string& url, std::initializer_list<const char*> schemes) {
  for (const char* scheme : schemes) {
    if (url.rfind(scheme, 0) == 0) return true;
  }
  return false;
}

}  // namespace

const std::vector<SettingField>& EmailSettingFields() {
  static const std::vector<SettingField> kFields = {
      {"imap_url", Type::kText, "mailbox to poll, e.g. imaps://mail.example:993/INBOX"},
      {"imap_user", Type::kText, "IMAP login"},
      {"imap_password", Type::kSecret, "IMAP password"},
      {"smtp_url", Type::kText, "SMTP server for replies, e.g. smtp://mail.example:587"},
      {"smtp_user", Type::kText, "SMTP login"},
      {"smtp_password", Type::kSecret, "SMTP password"},
      {"smtp_starttls", Type::kFlag, "require STARTTLS on smtp:// URLs"},
  };
  return kFields;
}

EmailSettings EmailSettingsOf(const Channel& channel) {
  EmailSettings mail;
  mail.imap_url = SettingOf(channel, "imap_url");
  mail.imap_user = SettingOf(channel, "imap_user");
  mail.imap_password = SecretOf(channel, "imap_password");
  mail.smtp_url = SettingOf(channel, "smtp_url");
  mail.smtp_user = SettingOf(channel, "smtp_user");
  mail.smtp_password = SecretOf(channel, "smtp_password");
  mail.smtp_starttls = FlagOf(channel, "smtp_starttls");
  return mail;
}

void SetEmailSettings(Channel& channel, const EmailSettings& mail) {
  channel.settings = {};
  const SettingsChange change = {{"imap_url", mail.imap_url},
                                 {"imap_user", mail.imap_user},
                                 {"imap_password", mail.imap_password},
                                 {"smtp_url", mail.smtp_url},
                                 {"smtp_user", mail.smtp_user},
                                 {"smtp_password", mail.smtp_password},
                                 {"smtp_starttls", mail.smtp_starttls ? "true" : "false"}};
  // Every name is one of EmailSettingFields and the flag is true or false: it cannot fail.
  (void)ApplySettings("email", EmailSettingFields(), change, channel.settings);
}

Status CheckEmailSettings(Channel& channel) {
  SHOPDESK_TRY(CheckFromAddress(channel));
  const EmailSettings mail = EmailSettingsOf(channel);
  if (!mail.imap_url.empty() && !HasScheme(mail.imap_url, {"imap://", "imaps://"})) {
    return Error::InvalidArgument("IMAP URL must start with imap:// or imaps:// (got '" +
                                  mail.imap_url + "')");
  }
  if (!mail.smtp_url.empty() && !HasScheme(mail.smtp_url, {"smtp://", "smtps://"})) {
    return Error::InvalidArgument("SMTP URL must start with smtp:// or smtps:// (got '" +
                                  mail.smtp_url + "')");
  }
  return Ok();
}

std::vector<ShownSetting> ShowEmailSettings(const Channel& channel) {
  const EmailSettings mail = EmailSettingsOf(channel);
  return {{"imap_configured", !mail.imap_url.empty()},  {"smtp_configured", !mail.smtp_url.empty()},
          {"imap_url", WithoutUserinfo(mail.imap_url)}, {"imap_user", mail.imap_user},
          {"smtp_url", WithoutUserinfo(mail.smtp_url)}, {"smtp_user", mail.smtp_user},
          {"smtp_starttls", mail.smtp_starttls}};
}

}  // namespace shopdesk::channels::email
