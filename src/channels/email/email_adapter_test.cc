// How the e-mail adapter addresses and threads a reply (ChannelAdapter::AddressReply).
#include "channels/email/email_adapter.h"

#include <gtest/gtest.h>

#include <variant>

#include "channels/channel_registry.h"
#include "channels/email/email_settings.h"

namespace shopdesk::channels::email {
namespace {

Channel Support() {
  Channel c;
  c.address = "support@sakura.example";
  return c;
}

TEST(EmailAdapterTest, AReplyGoesToTheNewestSenderAndContinuesTheirThread) {
  Message last;
  last.from_address = "taro@example.jp";
  last.external_id = "in2@example.jp";
  last.references = {"in1@example.jp"};
  const ReplyAddressing a =
      EmailAdapter().AddressReply(Support(), {"配送について", &last, "customer@example.jp"});
  EXPECT_EQ(a.to_address, "taro@example.jp");
  EXPECT_EQ(a.subject, "Re: 配送について");
  EXPECT_EQ(a.in_reply_to, "in2@example.jp");
  EXPECT_EQ(a.references, (std::vector<std::string>{"in1@example.jp", "in2@example.jp"}));
  EXPECT_TRUE(a.external_id.starts_with("sd.")) << a.external_id;
  EXPECT_TRUE(a.external_id.ends_with("@sakura.example")) << a.external_id;
  EXPECT_NE(a.external_id, EmailAdapter().AddressReply(Support(), {"x", &last, ""}).external_id);
}

TEST(EmailAdapterTest, NoReDoubledAndNothingCitedThatHadNoMessageId) {
  Message last;
  last.from_address = "";
  last.external_id = "sha256:0123abcd";  // stored without a Message-ID
  ReplyAddressing a =
      EmailAdapter().AddressReply(Support(), {"RE: 返品", &last, "customer@example.jp"});
  EXPECT_EQ(a.subject, "RE: 返品");
  EXPECT_TRUE(a.references.empty());
  EXPECT_EQ(a.in_reply_to, "");
  EXPECT_EQ(a.to_address, "") << "the newest sender's (missing) address; the caller refuses it";
  a = EmailAdapter().AddressReply(Support(), {"Re: 返品", nullptr, "customer@example.jp"});
  EXPECT_EQ(a.subject, "Re: 返品");
  EXPECT_EQ(a.to_address, "customer@example.jp");
  Channel no_domain;
  no_domain.address = "support";
  EXPECT_TRUE(EmailAdapter()
                  .AddressReply(no_domain, {"x", nullptr, ""})
                  .external_id.ends_with("@shopdesk.invalid"));
}

TEST(EmailAdapterTest, TheBuiltInRegistrySaysWhichKindsSend) {
  const ChannelRegistry& built_in = BuiltInChannels();
  EXPECT_TRUE(built_in.CapabilitiesOf("email").sends_replies);
  EXPECT_TRUE(built_in.CapabilitiesOf("email").polls);
  EXPECT_TRUE(built_in.CapabilitiesOf("email").takes_copies);
  EXPECT_TRUE(built_in.CapabilitiesOf("amazon").sends_replies);
  EXPECT_FALSE(built_in.CapabilitiesOf("amazon").takes_copies) << "relayed to the buyer alone";
  EXPECT_TRUE(built_in.CapabilitiesOf("email").public_address);
  EXPECT_FALSE(built_in.CapabilitiesOf("amazon").public_address) << "a relay, not for the public";
  EXPECT_FALSE(built_in.CapabilitiesOf("etsy").public_address);
  EXPECT_FALSE(built_in.CapabilitiesOf("etsy").sends_replies) << "answered on Etsy";
  EXPECT_TRUE(built_in.CapabilitiesOf("etsy").polls) << "its notices arrive by mail";
  EXPECT_FALSE(built_in.CapabilitiesOf("shopify").sends_replies) << "no adapter yet";
  auto unknown = built_in.For("shopify");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().reason, "channel.unknown_kind");
  EXPECT_NE(unknown.error().message.find("email, etsy"), std::string::npos)
      << "names the kinds there are: " << unknown.error().message;
  Channel etsy;
  EXPECT_EQ((*built_in.For("etsy"))->Send(etsy, {}, {}).error().code, ErrorCode::kInvalidArgument);
}

// The e-mail adapter owns its settings: it declares them, keeps passwords apart, shows
// none of them, checks the URLs, and polls and sends only once a server is set.
TEST(EmailAdapterTest, OwnsItsSettingsAndKeepsSecretsApart) {
  const EmailAdapter mail;
  Channel channel;
  channel.address = "Support@Sakura.Example";
  auto changed = ApplySettings("email", mail.SettingFields(),
                               {{"imap_url", "imaps://u:pw@imap.example:993/INBOX"},
                                {"imap_password", "s3cret"},
                                {"smtp_starttls", "true"}},
                               channel.settings);
  ASSERT_TRUE(changed) << changed.error().ToString();
  EXPECT_EQ(changed->size(), 3u);
  EXPECT_EQ(channel.settings.secrets.at("imap_password"), "s3cret");
  EXPECT_FALSE(channel.settings.values.contains("imap_password"));
  ASSERT_TRUE(mail.CheckSettings(channel));
  EXPECT_EQ(channel.address, "support@sakura.example");
  EXPECT_TRUE(mail.Configured(channel).polls);
  EXPECT_FALSE(mail.Configured(channel).sends_replies) << "no SMTP server yet";
  const EmailSettings read = EmailSettingsOf(channel);
  EXPECT_EQ(read.imap_password, "s3cret");
  EXPECT_TRUE(read.smtp_starttls);
  std::string shown;
  for (const auto& s : mail.ShowSettings(channel)) {
    shown += s.name + "=" +
             (std::holds_alternative<bool>(s.value) ? (std::get<bool>(s.value) ? "true" : "false")
                                                    : std::get<std::string>(s.value)) +
             ";";
  }
  EXPECT_NE(shown.find("imap_url=imaps://imap.example:993/INBOX;"), std::string::npos) << shown;
  EXPECT_NE(shown.find("imap_configured=true;"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("s3cret"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("pw@"), std::string::npos) << shown;

  // A false flag and an empty value are stored as nothing; an unknown field changes nothing.
  ASSERT_TRUE(ApplySettings("email", mail.SettingFields(),
                            {{"smtp_starttls", "false"}, {"imap_user", ""}}, channel.settings));
  EXPECT_FALSE(channel.settings.values.contains("smtp_starttls"));
  const ChannelSettings before = channel.settings;
  auto refused = ApplySettings("email", mail.SettingFields(),
                               {{"imap_user", "x"}, {"webhook_key", "k"}}, channel.settings);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().reason, "channel.unknown_setting");
  EXPECT_EQ(channel.settings, before);
  EXPECT_FALSE(
      ApplySettings("email", mail.SettingFields(), {{"smtp_starttls", "yes"}}, channel.settings));

  channel.settings.values["smtp_url"] = "http://smtp.example";
  EXPECT_EQ(mail.CheckSettings(channel).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace shopdesk::channels::email
