// Store conformance, part 2: conversations (threading lookups, the inbox list) and
// messages with attachments, on every backend (store_conformance_fixture.h).
#include <set>

#include "store/store_conformance_fixture.h"

namespace shopdesk::store::conformance {
namespace {

using ConversationConformanceTest = ConformanceTest;

TEST_P(ConversationConformanceTest, ConversationsKeepEveryFieldAndTheirTags) {
  Agent a;
  a.shop_id = shop_.id;
  a.email = "agent@sakura.example";
  const Agent agent = *db_->agents().Create(a);
  Conversation c;
  c.shop_id = shop_.id;
  c.channel_id = channel_.id;
  c.customer_id = customer_.id;
  c.subject = "【至急】注文番号 250-1234567-1234567";
  c.normalized_subject = "注文番号 250-1234567-1234567";
  c.order_id = "250-1234567-1234567";
  c.status = ConversationStatus::kPending;
  c.spam = true;
  c.assignee_id = agent.id;
  c.tags = {"破損", "返品"};
  c.created_at = 5;
  c.last_activity_at = 6;
  c.due_at = 7;
  c.message_count = 2;
  const Conversation created = *db_->conversations().Create(c);
  EXPECT_GT(created.id, 0);
  auto found = db_->conversations().Find(shop_.id, created.id);
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->subject, c.subject);
  EXPECT_EQ(found->normalized_subject, c.normalized_subject);
  EXPECT_EQ(found->order_id, c.order_id);
  EXPECT_EQ(found->status, ConversationStatus::kPending);
  EXPECT_TRUE(found->spam);
  EXPECT_FALSE(found->no_reply_needed);
  EXPECT_EQ(found->assignee_id, agent.id);
  EXPECT_EQ(found->tags, (std::vector<std::string>{"破損", "返品"}));
  EXPECT_EQ(found->created_at, 5);
  EXPECT_EQ(found->last_activity_at, 6);
  EXPECT_EQ(found->due_at, 7);
  EXPECT_EQ(found->message_count, 2);

  Conversation changed = *found;
  changed.status = ConversationStatus::kResolved;
  changed.spam = false;
  changed.no_reply_needed = true;
  changed.assignee_id.reset();
  changed.order_id = "";
  changed.last_activity_at = 60;
  changed.due_at.reset();
  changed.message_count = 3;
  ASSERT_TRUE(db_->conversations().Update(changed));
  ASSERT_TRUE(db_->conversations().SetTags(shop_.id, created.id, {"交換"}));
  found = db_->conversations().Find(shop_.id, created.id);
  EXPECT_EQ(found->status, ConversationStatus::kResolved);
  EXPECT_TRUE(found->no_reply_needed);
  EXPECT_FALSE(found->spam);
  EXPECT_FALSE(found->assignee_id);
  EXPECT_EQ(found->order_id, "");
  EXPECT_EQ(found->last_activity_at, 60);
  EXPECT_FALSE(found->due_at);
  EXPECT_EQ(found->message_count, 3);
  EXPECT_EQ(found->tags, std::vector<std::string>{"交換"});

  // Another shop can neither read nor change it.
  EXPECT_EQ(CodeOf(db_->conversations().Find(other_.id, created.id)), "not_found");
  changed.shop_id = other_.id;
  EXPECT_EQ(CodeOf(db_->conversations().Update(changed)), "not_found");
  (void)db_->conversations().SetTags(other_.id, created.id, {"x"});
  EXPECT_EQ(db_->conversations().Find(shop_.id, created.id)->tags,
            std::vector<std::string>{"交換"});
  EXPECT_EQ(CodeOf(db_->conversations().Find(shop_.id, created.id + 1000)), "not_found");
}

// Conversation updates and response clocks are written without waiting (PostgreSQL
// sends them in its pipeline): a read in the same transaction still sees them, and an
// update of a conversation that is not there still fails the transaction, at the
// latest when it commits.
TEST_P(ConversationConformanceTest, DeferredWritesAreSeenAndAMissingRowFailsTheTransaction) {
  Conversation c = NewConversation(100);
  const Message inbound = NewMessage(c, "<owed@example.jp>");
  {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(tx);
    c.message_count = 7;
    c.last_activity_at = 200;
    ASSERT_TRUE(db_->conversations().Update(c));
    SlaClock clock;
    clock.shop_id = shop_.id;
    clock.conversation_id = c.id;
    clock.channel_id = channel_.id;
    clock.message_id = inbound.id;
    clock.started_at = 150;
    clock.due_at = 300;
    ASSERT_TRUE(db_->sla_clocks().SaveClocks({clock}));
    auto read = db_->conversations().Find(shop_.id, c.id);
    ASSERT_TRUE(read) << read.error().ToString();
    EXPECT_EQ(read->message_count, 7);
    auto clocks = db_->sla_clocks().ListClocks(shop_.id, c.id);
    ASSERT_TRUE(clocks) << clocks.error().ToString();
    ASSERT_EQ(clocks->size(), 1u);
    EXPECT_GT(clocks->front().id, 0);
    EXPECT_EQ(clocks->front().due_at, 300);
    ASSERT_TRUE((*tx)->Commit());
  }
  {
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(tx);
    Conversation missing = c;
    missing.id = c.id + 1000;
    Status updated = db_->conversations().Update(missing);
    Status committed = updated ? (*tx)->Commit() : updated;
    ASSERT_FALSE(committed);
    EXPECT_EQ(committed.error().code, ErrorCode::kNotFound);
  }
  {
    // Nor may another shop's id change this one's conversation.
    auto tx = db_->BeginWrite();
    ASSERT_TRUE(tx);
    Conversation foreign = c;
    foreign.shop_id = other_.id;
    Status updated = db_->conversations().Update(foreign);
    Status committed = updated ? (*tx)->Commit() : updated;
    ASSERT_FALSE(committed);
    EXPECT_EQ(committed.error().code, ErrorCode::kNotFound);
  }
  EXPECT_EQ(db_->conversations().Find(shop_.id, c.id)->message_count, 7);
}

TEST_P(ConversationConformanceTest, ThreadingLookupsFindTheRightConversation) {
  const Conversation first = NewConversation(100);
  const Conversation second = NewConversation(200);
  const Channel amazon = MakeChannel(shop_.id, "amazon");
  NewMessage(first, "a@x");
  NewMessage(second, "b@x", amazon.id);  // Message-IDs thread across channels
  auto by_ids = db_->conversations().FindByMessageIds(shop_.id, {"nope@x", "b@x", "a@x"});
  ASSERT_TRUE(by_ids) << by_ids.error().ToString();
  ASSERT_TRUE(*by_ids);
  EXPECT_EQ((*by_ids)->id, second.id);  // the caller's order of preference
  EXPECT_EQ((*db_->conversations().FindByMessageIds(shop_.id, {"a@x"}))->id, first.id);
  EXPECT_FALSE(*db_->conversations().FindByMessageIds(shop_.id, {"nope@x"}));
  EXPECT_FALSE(*db_->conversations().FindByMessageIds(shop_.id, {}));
  EXPECT_FALSE(*db_->conversations().FindByMessageIds(other_.id, {"a@x", "b@x"}));

  Conversation with_order = first;
  with_order.order_id = "250-1234567-1234567";
  ASSERT_TRUE(db_->conversations().Update(with_order));
  with_order = second;
  with_order.order_id = "250-1234567-1234567";
  ASSERT_TRUE(db_->conversations().Update(with_order));
  auto by_order = db_->conversations().FindOpenByOrderId(shop_.id, "250-1234567-1234567");
  ASSERT_TRUE(by_order && *by_order);
  EXPECT_EQ((*by_order)->id, second.id);  // most recently active
  with_order.status = ConversationStatus::kClosed;
  ASSERT_TRUE(db_->conversations().Update(with_order));
  EXPECT_EQ((*db_->conversations().FindOpenByOrderId(shop_.id, "250-1234567-1234567"))->id,
            first.id);
  EXPECT_FALSE(*db_->conversations().FindOpenByOrderId(shop_.id, ""));
  EXPECT_FALSE(*db_->conversations().FindOpenByOrderId(other_.id, "250-1234567-1234567"));

  auto recent = [&](ShopId shop, CustomerId customer, const std::string& subject, Timestamp since) {
    auto r = db_->conversations().FindRecentBySubject(shop, customer, subject, since);
    EXPECT_TRUE(r) << r.error().ToString();
    return r && *r ? (*r)->id : ConversationId{0};
  };
  EXPECT_EQ(recent(shop_.id, customer_.id, "返品について", 50), first.id);  // second is closed
  EXPECT_EQ(recent(shop_.id, customer_.id, "返品について", 101), 0);        // too old
  EXPECT_EQ(recent(shop_.id, customer_.id, "別の件", 0), 0);
  EXPECT_EQ(recent(shop_.id, customer_.id + 1000, "返品について", 0), 0);
  EXPECT_EQ(recent(other_.id, customer_.id, "返品について", 0), 0);
}

TEST_P(ConversationConformanceTest, ListFiltersJoinsTheCustomerAndLoadsTags) {
  const Agent agent = MakeAgent("agent@sakura.example");
  const Channel other_channel = MakeChannel(shop_.id, "etsy");
  const Customer hanako = *db_->customers().FindOrCreateByEmail(shop_.id, "h@x.jp", "花子", 1);
  Conversation c0 = NewConversation(10), c1 = NewConversation(20), c2 = NewConversation(30);
  c1.assignee_id = agent.id;
  c1.status = ConversationStatus::kPending;
  ASSERT_TRUE(db_->conversations().Update(c1));
  ASSERT_TRUE(db_->conversations().SetTags(shop_.id, c2.id, {"返品", "VIP"}));
  Conversation c3;
  c3.shop_id = shop_.id;
  c3.channel_id = other_channel.id;
  c3.customer_id = hanako.id;
  c3.last_activity_at = 40;
  c3 = *db_->conversations().Create(c3);

  auto ids = [&](ConversationFilter f) {
    std::vector<ConversationId> out;
    auto page = db_->conversations().List(shop_.id, f);
    EXPECT_TRUE(page) << page.error().ToString();
    if (page) {
      for (const auto& row : page->items) out.push_back(row.conversation.id);
    }
    return out;
  };
  using Ids = std::vector<ConversationId>;
  EXPECT_EQ(ids({}), (Ids{c3.id, c2.id, c1.id, c0.id}));
  ConversationFilter f;
  f.status = ConversationStatus::kPending;
  EXPECT_EQ(ids(f), Ids{c1.id});
  f = {};
  f.assignee_id = agent.id;
  EXPECT_EQ(ids(f), Ids{c1.id});
  f = {};
  f.unassigned_only = true;
  EXPECT_EQ(ids(f), (Ids{c3.id, c2.id, c0.id}));
  f = {};
  f.channel_id = other_channel.id;
  EXPECT_EQ(ids(f), Ids{c3.id});
  f = {};
  f.customer_id = customer_.id;
  EXPECT_EQ(ids(f), (Ids{c2.id, c1.id, c0.id}));
  f.tag = "返品";
  EXPECT_EQ(ids(f), Ids{c2.id});
  f.tag = "返";  // tags match whole
  EXPECT_TRUE(ids(f).empty());

  auto page = db_->conversations().List(shop_.id, {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items[0].customer_name, "花子");
  EXPECT_EQ(page->items[0].customer_email, "h@x.jp");
  EXPECT_EQ(page->items[1].customer_name, "山田太郎");
  EXPECT_EQ(page->items[1].conversation.tags, (std::vector<std::string>{"VIP", "返品"}));
  EXPECT_TRUE(page->items[0].conversation.tags.empty());
  EXPECT_TRUE(page->next_cursor.empty());
  EXPECT_TRUE(db_->conversations().List(other_.id, {})->items.empty());
}

TEST_P(ConversationConformanceTest, ViewCountsFollowTheFiltersButNotTheView) {
  const Agent agent = MakeAgent("agent@sakura.example");
  const Channel other_channel = MakeChannel(shop_.id, "etsy");
  Conversation overdue = NewConversation(10, 50), mine = NewConversation(20, 500);
  Conversation pending = NewConversation(30, 40);
  mine.assignee_id = agent.id;
  ASSERT_TRUE(db_->conversations().Update(mine));
  pending.status = ConversationStatus::kPending;
  pending.assignee_id = agent.id;
  ASSERT_TRUE(db_->conversations().Update(pending));
  Conversation later;
  later.shop_id = shop_.id;
  later.channel_id = other_channel.id;
  later.customer_id = customer_.id;
  later.last_activity_at = 40;
  ASSERT_TRUE(db_->conversations().Create(later));
  ASSERT_TRUE(db_->conversations().SetTags(shop_.id, overdue.id, {"返品"}));

  const auto counts = [&](ConversationFilter f) {
    auto c = db_->conversations().CountViews(shop_.id, f, agent.id, /*now=*/100);
    EXPECT_TRUE(c) << c.error().ToString();
    return c ? std::vector<std::int64_t>{c->all, c->mine, c->unassigned, c->overdue}
             : std::vector<std::int64_t>{};
  };
  using Counts = std::vector<std::int64_t>;
  EXPECT_EQ(counts({}), (Counts{4, 2, 2, 2}));
  ConversationFilter f;
  f.status = ConversationStatus::kOpen;
  f.assignee_id = agent.id;  // the view's own: ignored
  EXPECT_EQ(counts(f), (Counts{3, 1, 2, 1}));
  f.channel_id = channel_.id;
  EXPECT_EQ(counts(f), (Counts{2, 1, 1, 1}));
  f = {};
  f.tag = "返品";
  EXPECT_EQ(counts(f), (Counts{1, 0, 1, 1}));
  // Another shop's counts hold none of these.
  auto other = db_->conversations().CountViews(other_.id, {}, agent.id, 100);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->all, 0);
}

TEST_P(ConversationConformanceTest, ReadMarksArePerAgentAndShowInListsAndCounts) {
  const Agent me = MakeAgent("me@sakura.example");
  const Agent colleague = MakeAgent("colleague@sakura.example");
  Conversation written = NewConversation(10), quiet = NewConversation(20);
  written.last_inbound_at = 10;
  ASSERT_TRUE(db_->conversations().Update(written));
  (void)quiet;  // nothing inbound: never unread

  const auto unread_rows = [&](AgentId viewer) {
    ConversationFilter f;
    f.viewer = viewer;
    auto page = db_->conversations().List(shop_.id, f);
    EXPECT_TRUE(page) << page.error().ToString();
    std::set<ConversationId> ids;
    for (const auto& row : page->items) {
      EXPECT_TRUE(row.unread.has_value());
      if (row.unread.value_or(false)) ids.insert(row.conversation.id);
    }
    return ids;
  };
  const auto unread_count = [&](AgentId agent) {
    return db_->conversations().CountViews(shop_.id, {}, agent, 100)->unread;
  };
  EXPECT_EQ(unread_rows(me.id), std::set<ConversationId>{written.id});
  EXPECT_EQ(unread_count(me.id), 1);
  EXPECT_EQ(*db_->conversations().ReadAt(shop_.id, me.id, written.id), std::nullopt);

  ASSERT_TRUE(db_->conversations().MarkRead(shop_.id, me.id, written.id, 10));
  EXPECT_EQ(*db_->conversations().ReadAt(shop_.id, me.id, written.id), 10);
  EXPECT_TRUE(unread_rows(me.id).empty());
  EXPECT_EQ(unread_count(me.id), 0);
  EXPECT_EQ(unread_rows(colleague.id), std::set<ConversationId>{written.id});  // theirs alone

  written.last_inbound_at = 11;  // the customer wrote again
  ASSERT_TRUE(db_->conversations().Update(written));
  EXPECT_EQ(unread_rows(me.id), std::set<ConversationId>{written.id});
  ASSERT_TRUE(db_->conversations().MarkRead(shop_.id, me.id, written.id, 12));  // again: updates
  EXPECT_EQ(unread_count(me.id), 0);
  ASSERT_TRUE(db_->conversations().ClearRead(shop_.id, me.id, written.id));
  EXPECT_EQ(unread_count(me.id), 1);

  // Without a viewer the rows carry no read state; another shop's conversation is not found.
  auto plain = db_->conversations().List(shop_.id, {});
  ASSERT_TRUE(plain);
  EXPECT_FALSE(plain->items.front().unread.has_value());
  auto tx = db_->BeginWrite();
  ASSERT_TRUE(tx);
  EXPECT_FALSE(db_->conversations().MarkRead(other_.id, me.id, written.id, 13) && (*tx)->Commit());
}

TEST_P(ConversationConformanceTest, HoldsEndedAreFoundAcrossShopsSoonestFirst) {
  Conversation later = NewConversation(10), sooner = NewConversation(20),
               open = NewConversation(30);
  later.status = sooner.status = ConversationStatus::kOnHold;
  later.hold_until = 500;
  sooner.hold_until = 300;
  ASSERT_TRUE(db_->conversations().Update(later));
  ASSERT_TRUE(db_->conversations().Update(sooner));
  EXPECT_EQ(db_->conversations().Find(shop_.id, later.id)->hold_until, 500);
  using Ids = std::vector<std::pair<ShopId, ConversationId>>;
  EXPECT_EQ(*db_->conversations().HoldsEnded(299, 10), Ids{});
  EXPECT_EQ(*db_->conversations().HoldsEnded(500, 10),
            (Ids{{shop_.id, sooner.id}, {shop_.id, later.id}}));
  EXPECT_EQ(*db_->conversations().HoldsEnded(500, 1), (Ids{{shop_.id, sooner.id}}));
  (void)open;
}

TEST_P(ConversationConformanceTest, ListClampsTheLimitAndRejectsForeignCursors) {
  for (int i = 0; i < 205; ++i)
    NewConversation(i, i % 2 ? std::optional<Timestamp>(i) : std::nullopt);
  ConversationFilter f;
  f.limit = 0;
  EXPECT_EQ(db_->conversations().List(shop_.id, f)->items.size(), 1u);
  f.limit = 5000;
  auto page = db_->conversations().List(shop_.id, f);
  EXPECT_EQ(page->items.size(), 200u);
  EXPECT_FALSE(page->next_cursor.empty());
  for (const char* bad : {"garbage", "1", ".5", "5.", "x.5", "1.2x", " 1.2", "1.-3", "n.5",
                          "99999999999999999999.1"}) {
    f.cursor = bad;
    EXPECT_EQ(CodeOf(db_->conversations().List(shop_.id, f)), "invalid_argument") << bad;
  }
  f.sort = ConversationFilter::Sort::kDueAt;
  f.cursor = "n.5";  // fine when sorting by due time: the tail without one
  EXPECT_TRUE(db_->conversations().List(shop_.id, f));
}

TEST_P(ConversationConformanceTest, PagesReturnEveryRowOnceInBothOrders) {
  std::set<ConversationId> ids;
  for (int i = 0; i < 37; ++i) {  // ties in both sort keys, and no due time on purpose
    ids.insert(
        NewConversation(100 + i / 4, i % 3 ? std::optional<Timestamp>(1000 + i % 5) : std::nullopt)
            .id);
  }
  for (auto sort : {ConversationFilter::Sort::kLastActivity, ConversationFilter::Sort::kDueAt}) {
    for (int limit : {1, 4, 7, 37, 50}) {
      ConversationFilter f;
      f.sort = sort;
      f.limit = limit;
      std::vector<Conversation> seen;
      for (int pages = 0; pages < 100; ++pages) {
        auto page = db_->conversations().List(shop_.id, f);
        ASSERT_TRUE(page) << page.error().ToString();
        EXPECT_LE(page->items.size(), static_cast<size_t>(limit));
        for (const auto& row : page->items) seen.push_back(row.conversation);
        if (page->next_cursor.empty()) break;
        f.cursor = page->next_cursor;
      }
      std::set<ConversationId> unique;
      for (const auto& c : seen) unique.insert(c.id);
      EXPECT_EQ(seen.size(), ids.size()) << "limit " << limit;
      EXPECT_EQ(unique, ids) << "limit " << limit;
      for (size_t i = 1; i < seen.size(); ++i) {
        const Conversation &a = seen[i - 1], &b = seen[i];
        if (sort == ConversationFilter::Sort::kLastActivity) {
          EXPECT_TRUE(a.last_activity_at > b.last_activity_at ||
                      (a.last_activity_at == b.last_activity_at && a.id > b.id));
        } else if (a.due_at && b.due_at) {
          EXPECT_TRUE(*a.due_at < *b.due_at || (*a.due_at == *b.due_at && a.id < b.id));
        } else {
          EXPECT_TRUE(b.due_at ? false : (a.due_at || a.id < b.id)) << "no due time comes last";
        }
      }
    }
  }
}

TEST_P(ConversationConformanceTest, MessagesKeepEveryFieldAndAttachments) {
  const Conversation c = NewConversation(1);
  Message m;
  m.shop_id = shop_.id;
  m.conversation_id = c.id;
  m.channel_id = channel_.id;
  m.direction = Direction::kOutbound;
  m.author_agent_id = 77;
  m.from_name = "さくら雑貨店";
  m.from_address = "support@sakura.example";
  m.to_address = "taro@example.jp";
  m.subject = "Re: 返品について";
  m.text = "山田様\n\nお問い合わせありがとうございます。①㈱～髙";
  m.html = "<p>山田様</p>";
  m.external_id = "reply-1@sakura.example";
  m.in_reply_to = "orig@example.jp";
  m.references = {"first@example.jp", "orig@example.jp"};
  m.raw_sha256 = std::string(64, 'e');
  m.flags.bulk = true;
  m.flags.attachment_dropped = true;
  m.decode_note = "charset guessed";
  m.delivery = DeliveryState::kQueued;
  m.created_at = 11;
  Attachment photo{0, "破損.jpg", "image/jpeg", 1234, std::string(64, 'f'), "img1", true};
  Attachment pdf{0, "invoice.pdf", "application/pdf", 99, std::string(64, 'd'), "", false};
  m.attachments = {photo, pdf};
  const Message stored = *db_->messages().Insert(m);
  ASSERT_GT(stored.id, 0);
  ASSERT_EQ(stored.attachments.size(), 2u);
  EXPECT_GT(stored.attachments[0].id, 0);

  auto found = db_->messages().Find(shop_.id, stored.id);
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->direction, Direction::kOutbound);
  EXPECT_EQ(found->author_agent_id, 77);
  EXPECT_EQ(found->from_name, m.from_name);
  EXPECT_EQ(found->to_address, m.to_address);
  EXPECT_EQ(found->subject, m.subject);
  EXPECT_EQ(found->text, m.text);
  EXPECT_EQ(found->html, m.html);
  EXPECT_EQ(found->in_reply_to, m.in_reply_to);
  EXPECT_EQ(found->references, m.references);
  EXPECT_EQ(found->raw_sha256, m.raw_sha256);
  EXPECT_EQ(found->flags.Names(), m.flags.Names());
  EXPECT_EQ(found->decode_note, m.decode_note);
  EXPECT_EQ(found->delivery, DeliveryState::kQueued);
  EXPECT_EQ(found->created_at, 11);
  ASSERT_EQ(found->attachments.size(), 2u);
  EXPECT_EQ(found->attachments[0].filename, "破損.jpg");
  EXPECT_EQ(found->attachments[0].content_id, "img1");
  EXPECT_TRUE(found->attachments[0].inline_part);
  EXPECT_EQ(found->attachments[1].size, 99);

  auto attachment = db_->messages().FindAttachment(shop_.id, stored.attachments[1].id);
  ASSERT_TRUE(attachment) << attachment.error().ToString();
  EXPECT_EQ(attachment->first.filename, "invoice.pdf");
  EXPECT_EQ(attachment->second, stored.id);

  ASSERT_TRUE(db_->messages().UpdateDelivery(shop_.id, stored.id, DeliveryState::kFailed, 1,
                                             "550 no such user", "mail.refused\nhost=mx:25", 0));
  found = db_->messages().Find(shop_.id, stored.id);
  EXPECT_EQ(found->last_error, "550 no such user");
  EXPECT_EQ(found->last_error_reason, "mail.refused\nhost=mx:25");
  ASSERT_TRUE(
      db_->messages().UpdateDelivery(shop_.id, stored.id, DeliveryState::kSent, 2, "", "", 50));
  found = db_->messages().Find(shop_.id, stored.id);
  EXPECT_EQ(found->last_error_reason, "");
  EXPECT_EQ(found->delivery, DeliveryState::kSent);
  EXPECT_EQ(found->attempts, 2);
  EXPECT_EQ(found->sent_at, 50);

  auto by_external = db_->messages().FindByExternalId(shop_.id, channel_.id, m.external_id);
  ASSERT_TRUE(by_external && *by_external);
  EXPECT_EQ((*by_external)->id, stored.id);
  EXPECT_FALSE(*db_->messages().FindByExternalId(shop_.id, channel_.id + 1, m.external_id));
}

TEST_P(ConversationConformanceTest, MessagesAreListedOldestFirstAndDeduplicatedPerChannel) {
  const Conversation c = NewConversation(1);
  const Message a = NewMessage(c, "a@x");
  Message with_file;
  with_file.shop_id = shop_.id;
  with_file.conversation_id = c.id;
  with_file.channel_id = channel_.id;
  with_file.external_id = "b@x";
  with_file.attachments = {Attachment{0, "1.txt", "text/plain", 1, "", "", false}};
  const Message b = *db_->messages().Insert(with_file);
  const Message n = NewMessage(c, "note-1");
  auto list = db_->messages().ListByConversation(shop_.id, c.id);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, a.id);
  EXPECT_EQ((*list)[1].id, b.id);
  EXPECT_EQ((*list)[2].id, n.id);
  EXPECT_TRUE((*list)[0].attachments.empty());
  EXPECT_EQ((*list)[1].attachments.size(), 1u);
  EXPECT_EQ(*db_->messages().Count(shop_.id), 3);

  Message duplicate = with_file;
  duplicate.attachments.clear();
  EXPECT_EQ(CodeOf(db_->messages().Insert(duplicate)), "conflict");
  duplicate.channel_id = MakeChannel(shop_.id, "chat").id;  // another channel: another message
  EXPECT_TRUE(db_->messages().Insert(duplicate));
}

TEST_P(ConversationConformanceTest, AnotherShopSeesNoneOfTheMessages) {
  const Conversation c = NewConversation(1);
  Message m;
  m.shop_id = shop_.id;
  m.conversation_id = c.id;
  m.channel_id = channel_.id;
  m.external_id = "secret@x";
  m.attachments = {Attachment{0, "a.txt", "text/plain", 1, "", "", false}};
  const Message stored = *db_->messages().Insert(m);
  EXPECT_EQ(CodeOf(db_->messages().Find(other_.id, stored.id)), "not_found");
  EXPECT_FALSE(*db_->messages().FindByExternalId(other_.id, channel_.id, "secret@x"));
  EXPECT_TRUE(db_->messages().ListByConversation(other_.id, c.id)->empty());
  EXPECT_EQ(CodeOf(db_->messages().FindAttachment(other_.id, stored.attachments[0].id)),
            "not_found");
  EXPECT_EQ(CodeOf(db_->messages().UpdateDelivery(other_.id, stored.id, DeliveryState::kSent, 1, "",
                                                  "", 1)),
            "not_found");
  EXPECT_EQ(*db_->messages().Count(other_.id), 0);
  EXPECT_EQ(CodeOf(db_->messages().Find(shop_.id, stored.id + 1000)), "not_found");
  EXPECT_EQ(CodeOf(db_->messages().FindAttachment(shop_.id, 424242)), "not_found");
}

INSTANTIATE_TEST_SUITE_P(Backends, ConversationConformanceTest, ::testing::ValuesIn(kBackends),
                         BackendName);

}  // namespace
}  // namespace shopdesk::store::conformance
