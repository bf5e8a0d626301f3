// Copying shops between databases: from a SQLite file to each backend
// (store_conformance_fixture.h gives the targets).
#include "store/tenant_copy.h"

#include <algorithm>
#include <map>

#include "core/digest.h"
#include "store/postgres/pg_connection.h"
#include "store/sql/sql_database.h"
#include "store/sql/tenant_schema.h"
#include "store/store_conformance_fixture.h"

namespace shopdesk::store::conformance {
namespace {

// The target is the fixture's database (db_, which already holds shops "sakura" and
// "other" of its own); the source is a separate SQLite file with shop "kaede".
class TenantCopyTest : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    auto source = OpenDatabase("sqlite:" + (dir_ / "source.db").string());
    ASSERT_TRUE(source) << source.error().ToString();
    src_ = std::move(*source);
    // Fill the target a little first, so source and target ids differ.
    for (int i = 0; i < 3; ++i) NewMessage(NewConversation(5 + i), "target" + std::to_string(i));

    shop_id_ = src_->shops().Create({0, "kaede", "かえで商店", "Asia/Tokyo", 42, {}})->id;
    Channel c;
    c.shop_id = shop_id_;
    c.name = "support";
    c.address = "support@kaede.example";
    c.display_name = "かえで商店";
    c.settings.values["imap_url"] = "imaps://imap.kaede.example";
    c.settings.secrets["imap_password"] = "かえでの秘密";
    c.polled = true;
    c.created_at = 2;
    channel_ = *src_->channels().Create(c);
    agent_ =
        *src_->agents().Create({shop_id_, 0, "owner@kaede.example", "楓 太郎", Role::kOwner, 3});
    ASSERT_TRUE(src_->agents().AddToken(shop_id_, agent_.id, std::string(64, 'a'), 4));
    customer_ = *src_->customers().FindOrCreateByEmail(shop_id_, "buyer@example.jp", "買い手", 5);
    for (int i = 0; i < 4; ++i) {
      Conversation conv;
      conv.shop_id = shop_id_;
      conv.channel_id = channel_.id;
      conv.customer_id = customer_.id;
      conv.subject = "質問 " + std::to_string(i);
      conv.normalized_subject = conv.subject;
      conv.assignee_id = i % 2 ? std::optional<AgentId>(agent_.id) : std::nullopt;
      conv.due_at = i == 0 ? std::optional<Timestamp>(1000) : std::nullopt;
      conv.tags = i == 1 ? std::vector<std::string>{"vip", "返品"} : std::vector<std::string>{};
      conv.created_at = conv.last_activity_at = 10 + i;
      conversations_.push_back(*src_->conversations().Create(conv));
      Message m;
      m.shop_id = shop_id_;
      m.conversation_id = conversations_.back().id;
      m.channel_id = channel_.id;
      m.external_id = "m" + std::to_string(i) + "@example.jp";
      m.text = "本文 " + std::to_string(i);
      m.raw_sha256 = Put("From: buyer@example.jp\r\n\r\n本文 " + std::to_string(i));
      if (i == 2) {
        Attachment a;
        a.filename = "写真.jpg";
        a.content_type = "image/jpeg";
        a.sha256 = Put(std::string("\xff\xd8\x00\x01 binary \x00 bytes", 18));
        a.size = 18;
        m.attachments.push_back(a);
      }
      m.created_at = 20 + i;
      messages_.push_back(*src_->messages().Insert(m));
    }
    Message out = messages_[0];
    out.id = 0;
    out.direction = Direction::kOutbound;
    out.author_agent_id = agent_.id;
    out.external_id = "sd.reply@kaede.example";
    out.delivery = DeliveryState::kQueued;
    out.attachments.clear();
    reply_ = *src_->messages().Insert(out);
    job_ = *src_->outbox().Enqueue(shop_id_, reply_.id, 30);
  }

  std::string Put(const std::string& bytes) {
    const std::string sha = Sha256Hex(bytes);
    EXPECT_TRUE(src_->blobs().Put(shop_id_, sha, bytes));
    return sha;
  }

  Result<std::vector<ShopCopyReport>> Copy() {
    TenantCopyOptions options;
    options.now = 99;
    return CopyShops(*src_, *db_, options);
  }

  static const TableCopyReport& TableOf(const ShopCopyReport& r, const std::string& name) {
    auto it = std::find_if(r.tables.begin(), r.tables.end(),
                           [&](const TableCopyReport& t) { return t.table == name; });
    EXPECT_NE(it, r.tables.end()) << name;
    return *it;
  }

  // Everything the shop has, read through the repositories, with ids replaced by
  // positions so source and target compare equal.
  static std::string Describe(Database& db, ShopId shop) {
    std::string out;
    auto s = db.shops().Find(shop);
    out += s->slug + "/" + s->name + "/" + s->time_zone + "\n";
    auto channels = db.channels().List(shop);
    for (const auto& c : *channels) {
      out += "channel " + c.name + " " + c.address + " " + c.settings.values.at("imap_url") + " " +
             c.settings.secrets.at("imap_password") + (c.polled ? " polled" : "") + "\n";
    }
    auto agents = *db.agents().List(shop);
    for (const auto& a : agents) out += "agent " + a.email + " " + a.name + "\n";
    ConversationFilter filter;
    filter.limit = 200;
    auto page = db.conversations().List(shop, filter);
    EXPECT_TRUE(page) << page.error().ToString();
    auto items = page->items;
    std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
      return a.conversation.subject < b.conversation.subject;
    });
    for (const auto& item : items) {
      const Conversation& c = item.conversation;
      out += "conversation " + c.subject + " " + std::string(StatusName(c.status)) + " " +
             item.customer_email + " assigned=" + (c.assignee_id ? "yes" : "no") +
             " due=" + (c.due_at ? std::to_string(*c.due_at) : "-") + " tags=";
      for (const auto& t : c.tags) out += t + ",";
      out += "\n";
      auto messages = db.messages().ListByConversation(shop, c.id);
      for (const auto& m : *messages) {
        out += "  message " + m.external_id + " " + m.text + " " +
               std::string(DeliveryStateName(m.delivery)) + " author=" +
               (m.author_agent_id ? db.agents().Find(shop, *m.author_agent_id)->email
                                  : std::string("-")) +
               " raw=" + std::to_string(db.blobs().Get(shop, m.raw_sha256)->size()) + "\n";
        for (const auto& a : m.attachments) {
          auto bytes = db.blobs().Get(shop, a.sha256);
          out += "    attachment " + a.filename + " " + Sha256Hex(*bytes) + "\n";
        }
      }
    }
    return out;
  }

  ShopId TargetShop() { return db_->shops().FindBySlug("kaede")->id; }

  std::unique_ptr<Database> src_;
  ShopId shop_id_ = 0;
  Channel channel_;
  Agent agent_;
  Customer customer_;
  std::vector<Conversation> conversations_;
  std::vector<Message> messages_;
  Message reply_;
  OutboxJob job_;
};

TEST_P(TenantCopyTest, EveryRowAttachmentAndRawSourceArrivesWithNewIds) {
  auto copied = Copy();
  ASSERT_TRUE(copied) << copied.error().ToString();
  ASSERT_EQ(copied->size(), 1u);
  const ShopCopyReport& r = (*copied)[0];
  EXPECT_TRUE(r.first_copy);
  EXPECT_EQ(r.slug, "kaede");
  EXPECT_EQ(TableOf(r, "conversations").inserted, 4);
  EXPECT_EQ(TableOf(r, "messages").inserted, 5);
  EXPECT_EQ(TableOf(r, "attachments").inserted, 1);
  EXPECT_EQ(TableOf(r, "blobs").inserted, 5);  // 4 raw sources + 1 attachment
  EXPECT_EQ(TableOf(r, "conversation_tags").inserted, 2);
  EXPECT_EQ(TableOf(r, "outbox_jobs").inserted, 1);
  EXPECT_EQ(TableOf(r, "messages").checksum.size(), 64u);

  const ShopId target = TargetShop();
  EXPECT_EQ(Describe(*db_, target), Describe(*src_, shop_id_));
  EXPECT_TRUE(db_->agents().FindByTokenHash(std::string(64, 'a')));
  // The copied job sends the copied reply.
  auto jobs = db_->outbox().ClaimDue(1000, 2000, 10);
  ASSERT_TRUE(jobs);
  ASSERT_EQ(jobs->size(), 1u);
  auto message = db_->messages().Find(target, (*jobs)[0].message_id);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->external_id, "sd.reply@kaede.example");
  // The target's own shop is untouched.
  EXPECT_EQ(*db_->messages().Count(shop_.id), 3);
}

TEST_P(TenantCopyTest, ARerunWritesNothingWhenNothingChanged) {
  ASSERT_TRUE(Copy());
  auto again = Copy();
  ASSERT_TRUE(again) << again.error().ToString();
  const ShopCopyReport& r = (*again)[0];
  EXPECT_FALSE(r.first_copy);
  for (const auto& t : r.tables) {
    EXPECT_EQ(t.inserted, 0) << t.table;
    EXPECT_EQ(t.updated, 0) << t.table;
    EXPECT_EQ(t.removed, 0) << t.table;
  }
  EXPECT_EQ(TableOf(r, "messages").unchanged, 5);
  EXPECT_EQ(*db_->messages().Count(TargetShop()), 5);
}

TEST_P(TenantCopyTest, ARerunBringsOverWhatChangedInTheSource) {
  ASSERT_TRUE(Copy());
  // Meanwhile in the source: a new message, a status change, new tags, the reply sent.
  Conversation changed = conversations_[0];
  changed.status = ConversationStatus::kPending;
  ASSERT_TRUE(src_->conversations().Update(changed));
  ASSERT_TRUE(src_->conversations().SetTags(shop_id_, conversations_[1].id, {"vip"}));
  ASSERT_TRUE(src_->conversations().SetTags(shop_id_, conversations_[3].id, {"新規"}));
  Message later = messages_[3];
  later.id = 0;
  later.external_id = "later@example.jp";
  later.text = "追伸";
  ASSERT_TRUE(src_->messages().Insert(later));
  ASSERT_TRUE(
      src_->messages().UpdateDelivery(shop_id_, reply_.id, DeliveryState::kSent, 1, "", "", 40));
  ASSERT_TRUE(src_->outbox().Complete(shop_id_, job_.id));

  auto again = Copy();
  ASSERT_TRUE(again) << again.error().ToString();
  const ShopCopyReport& r = (*again)[0];
  EXPECT_EQ(TableOf(r, "messages").inserted, 1);
  EXPECT_EQ(TableOf(r, "messages").updated, 1);  // the reply's delivery state
  EXPECT_EQ(TableOf(r, "conversations").updated, 1);
  EXPECT_EQ(TableOf(r, "outbox_jobs").removed, 1);
  EXPECT_EQ(Describe(*db_, TargetShop()), Describe(*src_, shop_id_));
  auto jobs = db_->outbox().ClaimDue(1000, 2000, 10);
  ASSERT_TRUE(jobs);
  EXPECT_TRUE(jobs->empty()) << "a reply the source sent must not be sent again by the target";
}

TEST_P(TenantCopyTest, AShopOfTheSameSlugThatWasNotCopiedFromHereIsRefused) {
  ASSERT_TRUE(db_->shops().Create({0, "kaede", "別の楓", "Asia/Tokyo", 7, {}}));
  auto copied = Copy();
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kConflict);
  EXPECT_NE(copied.error().message.find("kaede"), std::string::npos) << copied.error().message;
  EXPECT_EQ(*db_->messages().Count(TargetShop()), 0);
}

TEST_P(TenantCopyTest, AColumnOnlyOneSideHasStopsItBeforeAnyWrite) {
  ASSERT_TRUE(sql::ConnectionOf(*src_).Exec("ALTER TABLE messages ADD COLUMN mood TEXT"));
  auto copied = Copy();
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kConflict);
  EXPECT_NE(copied.error().message.find("mood"), std::string::npos) << copied.error().message;
  EXPECT_EQ(CodeOf(db_->shops().FindBySlug("kaede")), "not_found");
}

// What a later migration adds reaches the copier through the catalogue: a plain
// column is copied with no edit to the copier...
TEST_P(TenantCopyTest, APlainColumnAMigrationAddsIsCopiedWithItsValues) {
  for (Database* db : {src_.get(), db_.get()}) {
    ASSERT_TRUE(sql::ConnectionOf(*db).Exec("ALTER TABLE messages ADD COLUMN mood TEXT"));
    ASSERT_TRUE(sql::ConnectionOf(*db).Exec("ALTER TABLE shops ADD COLUMN logo_url TEXT"));
  }
  ASSERT_TRUE(sql::ConnectionOf(*src_).Exec("UPDATE messages SET mood = '怒り' WHERE id = " +
                                            std::to_string(messages_[1].id)));
  ASSERT_TRUE(
      sql::ConnectionOf(*src_).Exec("UPDATE shops SET logo_url = 'https://kaede.example/"
                                    "logo.png' WHERE slug = 'kaede'"));
  auto copied = Copy();
  ASSERT_TRUE(copied) << copied.error().ToString();
  {
    auto moods = sql::ConnectionOf(*db_).Prepare(
        "SELECT external_id FROM messages WHERE shop_id = ?1 AND mood = '怒り'");
    ASSERT_TRUE(moods);
    (**moods).Bind(1, TargetShop());
    ASSERT_TRUE(*(**moods).Step());
    EXPECT_EQ((**moods).Text(0), "m1@example.jp");
    EXPECT_FALSE(*(**moods).Step());
    auto logo = sql::ConnectionOf(*db_).Prepare("SELECT logo_url FROM shops WHERE slug = 'kaede'");
    ASSERT_TRUE(logo);
    ASSERT_TRUE(*(**logo).Step());
    EXPECT_EQ((**logo).Text(0), "https://kaede.example/logo.png");
  }
  // A change to it alone is brought over by a re-run.
  ASSERT_TRUE(sql::ConnectionOf(*src_).Exec("UPDATE messages SET mood = '喜び' WHERE id = " +
                                            std::to_string(messages_[1].id)));
  auto again = Copy();
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(TableOf((*again)[0], "messages").updated, 1);
}

// ...but a column that may hold another row's id, or a table no rule names, stops
// the copy before any write: copied as plain numbers, such ids would point at
// another shop's rows in the target.
TEST_P(TenantCopyTest, AReferenceOrATableTheRulesDoNotNameStopsItBeforeAnyWrite) {
  struct Case {
    const char* migration;
    const char* named;
  };
  int n = 0;
  for (const Case& c : {
           Case{"ALTER TABLE conversations ADD COLUMN reviewer_id INTEGER",
                "conversations.reviewer_id"},
           Case{"ALTER TABLE messages ADD COLUMN checker INTEGER REFERENCES agents(id)",
                "references agents"},
           Case{"CREATE TABLE coupons (id INTEGER PRIMARY KEY, shop_id INTEGER NOT NULL, "
                "code TEXT NOT NULL)",
                "coupons"},
       }) {
    SCOPED_TRACE(c.migration);
    const auto case_dir = dir_ / ("case" + std::to_string(++n));
    std::filesystem::create_directories(case_dir);
    auto fresh = testing::OpenEmptyDatabase(GetParam().url(case_dir));
    ASSERT_TRUE(fresh) << fresh.error().ToString();
    auto source = OpenDatabase("sqlite:" + (case_dir / "source.db").string());
    ASSERT_TRUE(source) << source.error().ToString();
    ASSERT_TRUE((*source)->shops().Create({0, "kaede", "かえで商店", "Asia/Tokyo", 42, {}}));
    for (Database* db : {source->get(), fresh->get()}) {
      ASSERT_TRUE(sql::ConnectionOf(*db).Exec(c.migration));
    }
    auto copied = CopyShops(**source, **fresh, TenantCopyOptions{});
    ASSERT_FALSE(copied);
    EXPECT_EQ(copied.error().code, ErrorCode::kConflict);
    EXPECT_NE(copied.error().message.find(c.named), std::string::npos) << copied.error().message;
    EXPECT_EQ(CodeOf((*fresh)->shops().FindBySlug("kaede")), "not_found");
  }
}

// The rules cover today's migrations on both backends: every foreign key of a
// copied table is copied as a reference to the table it names.
TEST_P(TenantCopyTest, ThePlanReadsEveryForeignKeyAsAReference) {
  auto plan = sql::PlanTenantCopy(*src_, *db_);
  ASSERT_TRUE(plan) << plan.error().ToString();
  std::map<std::string, std::string> refs;
  for (const auto& t : plan->id_tables) {
    for (const auto& c : t.columns) {
      if (!c.ref.empty()) refs[t.name + "." + c.name] = c.ref;
    }
  }
  EXPECT_EQ(refs["conversations.assignee_id"], "agents");
  EXPECT_EQ(refs["sla_clocks.answer_message_id"], "messages");
  EXPECT_EQ(refs["messages.author_agent_id"], "agents");
  EXPECT_EQ(refs.count("messages.external_id"), 0u);
  const auto& shop = plan->shop_columns;
  EXPECT_TRUE(std::any_of(shop.begin(), shop.end(),
                          [](const sql::CopyColumn& c) { return c.name == "system_senders"; }));
}

TEST_P(TenantCopyTest, ABlobThatDoesNotMatchItsAddressRollsTheShopBack) {
  const std::string sha = messages_[1].raw_sha256;
  ASSERT_TRUE(sql::ConnectionOf(*src_).Exec(
      "UPDATE blobs SET data = CAST('tampered' AS BLOB) WHERE sha256 = '" + sha + "'"));
  auto copied = Copy();
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(copied.error().message.find(sha), std::string::npos) << copied.error().message;
  EXPECT_EQ(CodeOf(db_->shops().FindBySlug("kaede")), "not_found") << "nothing committed";
}

TEST_P(TenantCopyTest, AnUnknownSlugIsNotFound) {
  TenantCopyOptions options;
  options.slugs = {"nosuch"};
  auto copied = CopyShops(*src_, *db_, options);
  ASSERT_FALSE(copied);
  EXPECT_EQ(copied.error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Backends, TenantCopyTest, ::testing::ValuesIn(kBackends), BackendName);

}  // namespace
}  // namespace shopdesk::store::conformance
