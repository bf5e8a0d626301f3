// How the e-mail adapter addresses and threads a reply (ChannelAdapter::AddressReply).
#include "channels/email/email_adapter.h"

#include <gtest/gtest.h>

#include "channels/channel_registry.h"

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
  EXPECT_TRUE(built_in.CapabilitiesOf(ChannelKind::kEmail).sends_replies);
  EXPECT_TRUE(built_in.CapabilitiesOf(ChannelKind::kEmail).polls);
  EXPECT_TRUE(built_in.CapabilitiesOf(ChannelKind::kAmazon).sends_replies);
  EXPECT_FALSE(built_in.CapabilitiesOf(ChannelKind::kEtsy).sends_replies) << "answered on Etsy";
  EXPECT_TRUE(built_in.CapabilitiesOf(ChannelKind::kEtsy).polls) << "its notices arrive by mail";
  EXPECT_FALSE(built_in.CapabilitiesOf(ChannelKind::kShopify).sends_replies) << "no adapter yet";
  EXPECT_EQ(built_in.For(ChannelKind::kShopify).error().code, ErrorCode::kNotFound);
  Channel etsy;
  EXPECT_EQ((*built_in.For(ChannelKind::kEtsy))->Send(etsy, {}, {}).error().code,
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace shopdesk::channels::email
