// The `web` channel: how a site's push is read, what its settings accept, how a reply
// is addressed and posted (tests/integration/test_web_channel.py posts to a real site).
#include "channels/web/web_adapter.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "channels/channel_registry.h"
#include "channels/web/reply_post.h"
#include "channels/web/web_push.h"

namespace shopdesk::channels::web {
namespace {

TEST(WebPushTest, ReadsTheSitesMessage) {
  auto m = ParseWebPush(R"({"id": "contact-1042",
      "from": {"name": "山田 太郎", "email": "Taro@Example.JP"},
      "subject": "サイズ交換について", "text": "Mサイズに交換できますか？\n注文番号 #1001",
      "in_reply_to": "contact-1001", "sent_at": "2026-12-04T10:15:00+09:00"})");
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_FALSE(m->flags.decode_failed) << m->decode_note;
  EXPECT_EQ(m->external_id, "contact-1042");
  EXPECT_EQ(m->from_name, "山田 太郎");
  EXPECT_EQ(m->from_address, "taro@example.jp");
  EXPECT_EQ(m->subject, "サイズ交換について");
  EXPECT_EQ(m->text, "Mサイズに交換できますか？\n注文番号 #1001");
  EXPECT_EQ(m->in_reply_to, "contact-1001");
  EXPECT_EQ(m->references, std::vector<std::string>{"contact-1001"});
  ASSERT_TRUE(m->date);
  EXPECT_EQ(*m->date, 1796346900000);  // 01:15 UTC
  EXPECT_FALSE(m->sender_identity) << "no site customer id given";
  auto known = ParseWebPush(R"({"text": "x", "from": {"email": "a@b.jp", "id": "user-77"}})");
  ASSERT_TRUE(known->sender_identity);
  EXPECT_EQ(*known->sender_identity, (CustomerIdentity{"web", "user-77"}));
}

// Nothing a site sends is lost: what cannot be read is kept with a note saying why.
TEST(WebPushTest, KeepsWhatItCannotReadAndSaysWhy) {
  EXPECT_EQ(ParseWebPush("").error().code, ErrorCode::kInvalidArgument);
  struct Case {
    std::string raw;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"not json {", "not JSON"},
           {"[1, 2]", "not a JSON object"},
           {std::string("{\"text\": \"\xff\xfe\"}"), "not JSON in UTF-8"},
           {R"({"text": 42})", "'text' is not a string"},
           {R"({"subject": "x"})", "no 'text'"},
           {R"({"text": "hi", "from": "taro@example.jp"})", "'from' is not an object"},
           {R"({"text": "hi", "from": {"email": "not an address"}})", "not an address"},
           {R"({"text": "hi", "sent_at": "yesterday"})", "ISO 8601"},
           {R"({"text": "hi", "id": ")" + std::string(201, 'x') + "\"}", "over 200 bytes"},
       }) {
    auto m = ParseWebPush(c.raw);
    ASSERT_TRUE(m) << c.raw;
    EXPECT_TRUE(m->flags.decode_failed) << c.raw;
    EXPECT_NE(m->decode_note.find(c.says), std::string::npos) << m->decode_note;
    EXPECT_EQ(m->raw, c.raw) << "the raw push is kept byte for byte";
  }
  // The text it could read is still shown.
  auto partly = ParseWebPush(R"({"text": "届きません", "sent_at": "yesterday"})");
  EXPECT_EQ(partly->text, "届きません");
  // A text over 1 MB is cut at a character, never inside one.
  std::string long_text;
  while (long_text.size() < 1024 * 1024 + 10) long_text += "返品";
  auto cut = ParseWebPush(nlohmann::json({{"text", long_text}}).dump());
  ASSERT_TRUE(cut);
  EXPECT_TRUE(cut->flags.decode_failed);
  EXPECT_LE(cut->text.size(), 1024u * 1024u);
  EXPECT_EQ(cut->text.size() % 3, 0u) << "whole three-byte characters";
}

TEST(WebAdapterTest, OwnsItsSettings) {
  const WebAdapter web;
  Channel channel;
  channel.kind = "web";
  channel.address = "Support@Sakura.Example";
  EXPECT_TRUE(web.CheckSettings(channel)) << "a site that only pushes needs nothing set";
  EXPECT_FALSE(web.Configured(channel).sends_replies);
  EXPECT_FALSE(web.Configured(channel).receives_pushes);
  EXPECT_TRUE(web.PushSignatureOf(channel).key.empty());

  ASSERT_TRUE(ApplySettings("web", web.SettingFields(),
                            {{"reply_url", "https://u:pw@sakura.example/replies"}},
                            channel.settings));
  EXPECT_EQ(web.CheckSettings(channel).error().reason, "channel.short_push_key")
      << "replies are signed: a URL needs a key";
  ASSERT_TRUE(ApplySettings("web", web.SettingFields(), {{"push_key", "short"}}, channel.settings));
  EXPECT_EQ(web.CheckSettings(channel).error().reason, "channel.short_push_key");
  ASSERT_TRUE(ApplySettings("web", web.SettingFields(), {{"push_key", "0123456789abcdef-さくら"}},
                            channel.settings));
  ASSERT_TRUE(web.CheckSettings(channel));
  EXPECT_EQ(channel.address, "support@sakura.example");
  EXPECT_TRUE(web.Configured(channel).sends_replies);
  EXPECT_TRUE(web.Configured(channel).receives_pushes);
  EXPECT_FALSE(web.Configured(channel).takes_copies);
  EXPECT_FALSE(web.Configured(channel).public_address) << "the site's push is no address";
  EXPECT_EQ(web.PushSignatureOf(channel).header, "X-Shopdesk-Signature");
  EXPECT_EQ(web.PushSignatureOf(channel).key, "0123456789abcdef-さくら");
  EXPECT_FALSE(channel.settings.values.contains("push_key")) << "kept with the secrets";
  for (const auto& shown : web.ShowSettings(channel)) {
    if (const auto* text = std::get_if<std::string>(&shown.value)) {
      EXPECT_EQ(text->find("0123456789abcdef"), std::string::npos) << shown.name;
      EXPECT_EQ(text->find("pw@"), std::string::npos) << shown.name;
    }
  }

  channel.settings.values["reply_url"] = "ftp://sakura.example/replies";
  EXPECT_EQ(web.CheckSettings(channel).error().reason, "channel.bad_reply_url");
  EXPECT_FALSE(
      ApplySettings("web", web.SettingFields(), {{"imap_url", "imap://x"}}, channel.settings))
      << "no mail settings on a site";
}

TEST(WebAdapterTest, AnswersTheSitesMessageByItsId) {
  const WebAdapter web;
  Channel channel;
  channel.address = "support@sakura.example";
  Message last;
  last.external_id = "contact-1042";
  last.from_address = "taro@example.jp";
  auto a = web.AddressReply(channel, {"サイズ交換について", &last, "old@example.jp"});
  EXPECT_EQ(a.to_address, "taro@example.jp");
  EXPECT_EQ(a.subject, "Re: サイズ交換について");
  EXPECT_EQ(a.in_reply_to, "contact-1042");
  EXPECT_TRUE(a.external_id.ends_with("@sakura.example")) << a.external_id;
  last.external_id = "sha256:abc";  // the push had no id of its own
  EXPECT_TRUE(web.AddressReply(channel, {"x", &last, ""}).in_reply_to.empty());
}

TEST(WebAdapterTest, TheReplyBodyIsTheDocumentedJson) {
  OutboundMessage m;
  m.message_id = "sd.1@sakura.example";
  m.in_reply_to = "contact-1042";
  m.to_name = "山田 太郎";
  m.to_address = "taro@example.jp";
  m.subject = "Re: サイズ交換について";
  m.text = "交換いたします。";
  m.date = 1796346900000;
  m.attachments = {{"交換.pdf", "application/pdf", std::string("%PDF\0\xff", 6)}};
  const auto body = nlohmann::json::parse(ReplyBody(m));
  EXPECT_EQ(body["id"], "sd.1@sakura.example");
  EXPECT_EQ(body["in_reply_to"], "contact-1042");
  EXPECT_EQ(body["to"]["email"], "taro@example.jp");
  EXPECT_EQ(body["text"], "交換いたします。");
  EXPECT_EQ(body["sent_at"], "2026-12-04T01:15:00.000Z");
  EXPECT_EQ(body["attachments"][0]["filename"], "交換.pdf");
  EXPECT_EQ(body["attachments"][0]["data_base64"], "JVBERgD/");
}

TEST(WebAdapterTest, SendingSaysWhatIsWrong) {
  const WebAdapter web;
  Channel channel;
  channel.name = "site";
  EXPECT_EQ(web.Send(channel, {}, {}).error().reason, "delivery.no_reply_url");
  bool accepted = false;
  // Nothing listens on port 1: a failure that may pass, retried by the outbox.
  auto refused = PostSigned("http://127.0.0.1:1/replies", "k", "{}", [&] { accepted = true; });
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(refused.error().reason, "delivery.site_unreachable");
  EXPECT_FALSE(accepted);
  EXPECT_EQ(PostSigned("file:///etc/passwd", "k", "{}", {}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CheckReachable("http://127.0.0.1:1/").error().code, ErrorCode::kUnavailable);
}

TEST(WebAdapterTest, IsInTheBuiltInRegistry) {
  auto web = BuiltInChannels().For("web");
  ASSERT_TRUE(web);
  EXPECT_TRUE((*web)->Capabilities().receives_pushes);
  EXPECT_FALSE((*web)->Capabilities().polls);
}

}  // namespace
}  // namespace shopdesk::channels::web
