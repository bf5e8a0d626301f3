#include "cli/demo_shop.h"

#include <algorithm>
#include <array>
#include <random>

#include "channels/email/mime_composer.h"
#include "services/account_service.h"
#include "services/admin_service.h"
#include "services/agent_management.h"
#include "services/conversation_service.h"
#include "services/ingest_service.h"
#include "services/reply_service.h"
#include "services/saved_reply_service.h"
#include "services/shop_settings.h"

namespace shopdesk::cli {

using services::AccountService;
using services::AdminService;
using services::AgentManagement;
using services::ConversationService;
using services::IngestService;
using services::ReplyService;
using services::SavedReplyFields;
using services::SavedReplyService;
using services::ShopSettings;
namespace {

constexpr const char* kSlug = "sakura-zakka";

constexpr std::array kFamilyNames{"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺",   "山本",
                                  "中村", "小林", "加藤", "吉田", "山田", "佐々木", "山口",
                                  "松本", "井上", "木村", "林",   "清水", "髙橋"};
constexpr std::array kGivenNames{"陽子", "健太", "美咲", "大輔",   "由美", "翔太",   "直子",
                                 "拓也", "恵",   "誠",   "さくら", "悠斗", "真由美", "翼"};
constexpr std::array kRomaji{"yoko",   "kenta",  "misaki", "daisuke", "yumi", "shota",  "naoko",
                             "takuya", "megumi", "makoto", "sakura",  "yuto", "mayumi", "tsubasa"};
constexpr std::array kProducts{"有田焼の豆皿",
                               "注染の手ぬぐい",
                               "竹の箸",
                               "信楽焼のマグカップ",
                               "藍染めのコースター",
                               "桐の小箱",
                               "和紙のレターセット",
                               "南部鉄器の急須",
                               "帆布のトートバッグ",
                               "京扇子"};

struct Topic {
  const char* subject;  // {p} = product
  const char* body;     // {p} = product, {o} = order id, {n} = customer's family name
};
constexpr std::array kTopics{
    Topic{"{p}の配送状況について",
          "いつもお世話になっております。{n}と申します。\n先日注文した{p}がまだ届いていません。"
          "いつ頃届きますでしょうか。\n注文番号: {o}\nよろしくお願いいたします。"},
    Topic{"商品が破損していました",
          "本日{p}が届いたのですが、箱を開けたところ割れていました。\n交換していただくことは"
          "可能でしょうか。\n注文番号は{o}です。"},
    Topic{"返品のお願い",
          "{p}を購入しましたが、イメージと違ったため返品したいです。\n返品の手順を教えて"
          "ください。（注文番号 {o}）"},
    Topic{"領収書の発行について",
          "会社の経費で購入したため、{p}の領収書を発行していただけますか。\n宛名は「株式会社"
          "{n}商店」でお願いします。"},
    Topic{"ギフト包装はできますか",
          "母の誕生日に{p}を贈りたいと考えています。\nギフト包装とメッセージカードはお願い"
          "できますか。"},
    Topic{"{p}の再入荷予定",
          "{p}が在庫切れになっていますが、再入荷の予定はありますか。\n入荷したら教えて"
          "いただけると嬉しいです。"},
    Topic{"お届け先住所の変更",
          "注文番号{o}のお届け先を変更したいです。\n新しい住所: 東京都世田谷区桜新町1-2-3 "
          "さくらハイツ101"},
    Topic{"注文のキャンセルについて",
          "誤って{p}を2つ注文してしまいました。1つキャンセルできますか。\n注文番号 {o}"},
    Topic{"届いた商品の色が違います",
          "紺色の{p}を注文したのですが、届いたのは緑色でした。\n交換をお願いします。"
          "注文番号は{o}です。"},
    Topic{"のしの対応について",
          "{p}を内祝いとして贈りたいのですが、のし（紅白蝶結び）をつけていただけますか。"},
};

std::string Fill(std::string text, const std::string& product, const std::string& order,
                 const std::string& family) {
  auto replace = [&text](const std::string& key, const std::string& value) {
    for (size_t pos = 0; (pos = text.find(key, pos)) != std::string::npos; pos += value.size()) {
      text.replace(pos, key.size(), value);
    }
  };
  replace("{p}", product);
  replace("{o}", order);
  replace("{n}", family);
  return text;
}

// A few saved replies a Japanese shop would keep, with the variables that make them
// read personal; "/" in the composer finds them.
Status AddDemoSavedReplies(store::Database& db, const Clock& clock, const Agent& owner) {
  struct Demo {
    const char *title, *shortcut, *intent, *tag, *body;
  };
  static constexpr Demo kReplies[] = {
      {"配送状況のご案内", "haiso", "shipping", "配送",
       "{{customer.salutation}}\n\nいつも{{shop.name}}をご利用いただき、誠にありがとうございます。"
       "\nご注文（注文番号 {{order.number}}）の配送状況をお調べいたしました。\n\n"
       "商品は発送済みで、お届けまで今しばらくお待ちください。\n"
       "ご不明な点がございましたら、お気軽にお問い合わせください。\n\n{{shop.name}} "
       "{{agent.name}}"},
      {"返品・交換のご案内", "henpin", "return", "返品",
       "{{customer.salutation}}\n\nこのたびはご期待に沿えず、申し訳ございません。\n"
       "ご注文（注文番号 {{order.number}}）の返品を承ります。商品到着後7日以内に、"
       "同梱の返品票とともにご返送ください。送料は当店が負担いたします。\n\n"
       "{{shop.name}} {{agent.name}}"},
      {"領収書の発行", "ryoshusho", "invoice", "領収書",
       "{{customer.salutation}}\n\nお問い合わせありがとうございます。\n"
       "領収書はPDFにてお送りいたします。宛名のご指定がございましたら、本メールにご返信ください。"
       "\n\n{{shop.name}} {{agent.name}}"},
      {"破損のお詫び", "hason", "damaged", "破損",
       "{{customer.salutation}}\n\nお届けした商品が破損していたとのこと、大変申し訳ございません。\n"
       "お手数ですが、破損箇所のお写真をお送りいただけますでしょうか。"
       "確認後、すぐに代わりの品をお送りいたします。\n\n{{shop.name}} {{agent.name}}"},
  };
  SavedReplyService saved(db, clock);
  for (const auto& r : kReplies) {
    SavedReplyFields fields;
    fields.title = r.title;
    fields.shortcut = r.shortcut;
    fields.intent = r.intent;
    fields.language = "ja";
    fields.tags = std::vector<std::string>{r.tag};
    fields.body = r.body;
    if (auto created = saved.Create(owner, fields); !created) return created.error();
  }
  return Ok();
}

}  // namespace

Result<DemoShop> CreateDemoShop(store::Database& db, const Clock& clock, int conversations,
                                unsigned seed) {
  DemoShop demo;
  if (auto existing = db.shops().FindBySlug(kSlug)) {
    demo.shop = *existing;
    auto owner = db.agents().FindByEmail(demo.shop.id, kDemoOwnerEmail);
    if (!owner) return owner.error();
    auto token = AgentManagement::CommandLine(db, clock, demo.shop.id).IssueToken(owner->id);
    if (!token) return token.error();
    demo.api_token = *token;
    return demo;
  }
  auto shop = AdminService(db, clock).CreateShop(kSlug, "さくら雑貨店");
  if (!shop) return shop.error();
  demo.shop = *shop;
  Channel mail;
  mail.shop_id = shop->id;
  mail.name = "support";
  mail.address = "support@sakura-zakka.example";
  mail.display_name = "さくら雑貨店 サポート";
  ShopSettings settings = ShopSettings::CommandLine(db, clock, shop->id);
  auto support = settings.AddChannel(mail);
  if (!support) return support.error();
  Channel amazon = mail;
  amazon.kind = "amazon";
  amazon.name = "amazon";
  amazon.address = "amazon@sakura-zakka.example";
  amazon.display_name = "さくら雑貨店";
  auto amazon_channel = settings.AddChannel(amazon);
  if (!amazon_channel) return amazon_channel.error();
  AgentManagement agents = AgentManagement::CommandLine(db, clock, shop->id);
  auto owner = agents.Add(kDemoOwnerEmail, "桜井 花子", Role::kOwner);
  if (!owner) return owner.error();
  demo.api_token = owner->api_token;
  if (auto helper = agents.Add(kDemoStaffEmail, "森 一郎", Role::kAgent); !helper) {
    return helper.error();
  }
  AccountService accounts(db, clock);
  for (const char* email : {kDemoOwnerEmail, kDemoStaffEmail}) {
    if (auto set = accounts.SetPassword(email, kDemoPassword); !set) return set.error();
  }
  if (auto saved = AddDemoSavedReplies(db, clock, owner->agent); !saved) return saved.error();

  std::mt19937 rng(seed);
  auto pick = [&rng](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  const Timestamp now = clock.Now();
  ManualClock at(now);
  IngestService ingest(db, at);
  ConversationService triage(db, at);
  ReplyService replies(db, at);

  for (int i = 0; i < conversations; ++i) {
    const size_t f = pick(kFamilyNames.size()), g = pick(kGivenNames.size());
    const std::string family = kFamilyNames[f];
    const std::string product = kProducts[pick(kProducts.size())];
    const Topic& topic = kTopics[pick(kTopics.size())];
    const bool via_amazon = i % 3 == 0;
    char order[32];
    std::snprintf(order, sizeof order, "%03u-%07u-%07u", 249 + static_cast<unsigned>(pick(4)),
                  static_cast<unsigned>(pick(9'999'999)), static_cast<unsigned>(pick(9'999'999)));
    // The older 70% spread over ten days (history for the reports), the newest 30% over
    // the last 30 hours, so the inbox shows every urgency: overdue, under an hour, under
    // four hours and later.
    const int recent = conversations * 3 / 10;
    const int old = conversations - recent;
    const Timestamp age = i < old ? 30 * kMillisPerHour + static_cast<Timestamp>(old - i) *
                                                              (8 * kMillisPerDay / std::max(old, 1))
                                  : static_cast<Timestamp>(conversations - i) *
                                        (30 * kMillisPerHour / std::max(recent, 1));
    at.Set(now - age - static_cast<Timestamp>(pick(1800)) * kMillisPerSecond);

    channels::OutboundMessage mail_in;
    mail_in.message_id = "demo." + std::to_string(i) + "@customer.example";
    mail_in.from_name = family + " " + kGivenNames[g];
    mail_in.from_address =
        via_amazon ? std::string(kRomaji[g]) + std::to_string(i) + "@marketplace.amazon.co.jp"
                   : std::string(kRomaji[g]) + "." + std::to_string(i % 37) + "@example.jp";
    mail_in.to_address = via_amazon ? amazon.address : mail.address;
    mail_in.subject = via_amazon ? std::string("注文番号 ") + order + " についてのお問い合わせ"
                                 : Fill(topic.subject, product, order, family);
    mail_in.text = Fill(topic.body, product, order, family) + "\n\n" + mail_in.from_name;
    mail_in.date = at.Now();
    auto raw = channels::email::ComposeMail(mail_in);
    if (!raw) return raw.error();
    auto stored = ingest.Ingest(via_amazon ? *amazon_channel : *support, *raw);
    if (!stored) return stored.error();
    ++demo.conversations_created;
    const ConversationId id = stored->conversation_id;

    // Later steps of a conversation never happen after now (a reply from the future
    // would show in the inbox as tomorrow's activity).
    auto advance_hours = [&](Timestamp hours) {
      at.Set(std::min(now, at.Now() + hours * kMillisPerHour));
    };
    // Most older conversations were settled long ago; a few are still waiting.
    const size_t fate = i < old && pick(10) < 7 ? 0 : pick(10);
    if (fate < 3) {  // answered and settled
      advance_hours(static_cast<Timestamp>(1 + pick(5)));
      auto reply = replies.AddNote(shop->id, id, owner->agent.id,
                                   "電話で対応済み。返金手続きは完了しています。");
      if (!reply) return reply.error();
      if (auto r = triage.ChangeStatus(shop->id, id, ConversationStatus::kResolved); !r) {
        return r.error();
      }
    } else if (fate == 3) {
      if (auto r = triage.ChangeStatus(shop->id, id, ConversationStatus::kPending); !r) {
        return r.error();
      }
    } else if (fate == 4) {  // the customer wrote again in the same thread
      advance_hours(static_cast<Timestamp>(2 + pick(20)));
      channels::OutboundMessage again = mail_in;
      again.message_id = "demo." + std::to_string(i) + ".2@customer.example";
      again.in_reply_to = mail_in.message_id;
      again.references = {mail_in.message_id};
      again.subject = "Re: " + mail_in.subject;
      again.text =
          "追伸です。できれば今週中にご連絡いただけると助かります。\n\n" + mail_in.from_name;
      again.date = at.Now();
      auto raw2 = channels::email::ComposeMail(again);
      if (!raw2) return raw2.error();
      if (auto r = ingest.Ingest(via_amazon ? *amazon_channel : *support, *raw2); !r) {
        return r.error();
      }
    }
    if (fate == 5) {
      if (auto r = triage.SetTags(shop->id, id, {"要返金", "vip"}); !r) return r.error();
    }
  }
  return demo;
}

}  // namespace shopdesk::cli
