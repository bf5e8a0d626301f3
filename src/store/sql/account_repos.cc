// Shops, channels, agents (with API tokens) and customers on SQLite.
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {

const char* const kAgentColumns =
    "a.shop_id, a.id, a.email, a.name, a.role, a.created_at, a.disabled_at";

Agent ReadAgent(const Statement& s) {
  Agent a;
  a.shop_id = s.Int(0);
  a.id = s.Int(1);
  a.email = s.Text(2);
  a.name = s.Text(3);
  a.role = ParseRole(s.Text(4)).value_or(Role::kViewer);
  a.created_at = s.Int(5);
  a.disabled_at = s.Int(6);
  return a;
}

namespace {

// Runs `s` expecting one row; NotFound(what, key) when none.
template <typename Key>
Status ExpectRow(Statement& s, std::string_view what, const Key& key) {
  auto row = s.Step();
  if (!row) return row.error();
  if (!*row) return Error::NotFound(what, key);
  return Ok();
}

constexpr const char* kShopColumns = "id, slug, name, time_zone, created_at, system_senders";

Shop ReadShop(const Statement& s) {
  return Shop{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), SplitNonEmpty(s.Text(5), '\n')};
}

class SqlShopRepo final : public ShopRepo {
 public:
  explicit SqlShopRepo(Connection& c) : c_(c) {}
  Result<Shop> Create(const Shop& shop) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO shops (slug, name, time_zone, created_at, system_senders) "
                     "VALUES (?, ?, ?, ?, ?) RETURNING id");
    SHOPDESK_TRY(s.Bind(1, shop.slug)
                     .Bind(2, shop.name)
                     .Bind(3, shop.time_zone)
                     .Bind(4, shop.created_at)
                     .Bind(5, JoinParts(shop.system_senders, '\n'))
                     .Run());
    Shop created = shop;
    created.id = s.ReturnedId();
    return created;
  }
  Result<Shop> Find(ShopId id) override {
    SHOPDESK_PREPARE(s, c_, std::string("SELECT ") + kShopColumns + " FROM shops WHERE id = ?");
    s.Bind(1, id);
    SHOPDESK_TRY(ExpectRow(s, "shop", id));
    return ReadShop(s);
  }
  Result<Shop> FindBySlug(const std::string& slug) override {
    SHOPDESK_PREPARE(s, c_, std::string("SELECT ") + kShopColumns + " FROM shops WHERE slug = ?");
    s.Bind(1, slug);
    SHOPDESK_TRY(ExpectRow(s, "shop", slug));
    return ReadShop(s);
  }
  Result<std::vector<Shop>> List() override {
    SHOPDESK_PREPARE(s, c_, std::string("SELECT ") + kShopColumns + " FROM shops ORDER BY id");
    return CollectRows(s, ReadShop);
  }
  Status Update(const Shop& shop) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE shops SET name = ?, time_zone = ?, system_senders = ? WHERE id = ?");
    SHOPDESK_TRY(s.Bind(1, shop.name)
                     .Bind(2, shop.time_zone)
                     .Bind(3, JoinParts(shop.system_senders, '\n'))
                     .Bind(4, shop.id)
                     .Run());
    if (c_.Changes() == 0) return Error::NotFound("shop", shop.id);
    return Ok();
  }

 private:
  Connection& c_;
};

constexpr const char* kChannelColumns =
    "shop_id, id, kind, name, address, display_name, imap_url, imap_user, imap_password, "
    "smtp_url, smtp_user, smtp_password, smtp_starttls, healthy, last_error, last_checked_at, "
    "created_at, last_error_reason";

Channel ReadChannel(const Statement& s) {
  Channel c;
  c.shop_id = s.Int(0);
  c.id = s.Int(1);
  c.kind = ParseChannelKind(s.Text(2)).value_or(ChannelKind::kEmail);
  c.name = s.Text(3);
  c.address = s.Text(4);
  c.display_name = s.Text(5);
  c.email.imap_url = s.Text(6);
  c.email.imap_user = s.Text(7);
  c.email.imap_password = s.Text(8);
  c.email.smtp_url = s.Text(9);
  c.email.smtp_user = s.Text(10);
  c.email.smtp_password = s.Text(11);
  c.email.smtp_starttls = s.Bool(12);
  c.healthy = s.Bool(13);
  c.last_error = s.Text(14);
  c.last_checked_at = s.Int(15);
  c.created_at = s.Int(16);
  c.last_error_reason = s.Text(17);
  return c;
}

Result<std::vector<Channel>> ReadChannels(Statement& s) { return CollectRows(s, ReadChannel); }

class SqlChannelRepo final : public ChannelRepo {
 public:
  explicit SqlChannelRepo(Connection& c) : c_(c) {}
  Result<Channel> Create(const Channel& ch) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO channels (shop_id, kind, name, address, display_name, imap_url, "
                     "imap_user, imap_password, smtp_url, smtp_user, smtp_password, smtp_starttls, "
                     "healthy, last_error, last_checked_at, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, ch.shop_id)
        .Bind(2, ChannelKindName(ch.kind))
        .Bind(3, ch.name)
        .Bind(4, ch.address)
        .Bind(5, ch.display_name)
        .Bind(6, ch.email.imap_url)
        .Bind(7, ch.email.imap_user)
        .Bind(8, ch.email.imap_password)
        .Bind(9, ch.email.smtp_url)
        .Bind(10, ch.email.smtp_user)
        .Bind(11, ch.email.smtp_password)
        .Bind(12, ch.email.smtp_starttls)
        .Bind(13, ch.healthy)
        .Bind(14, ch.last_error)
        .Bind(15, ch.last_checked_at)
        .Bind(16, ch.created_at);
    SHOPDESK_TRY(s.Run());
    Channel created = ch;
    created.id = s.ReturnedId();
    return created;
  }
  Result<Channel> Find(ShopId shop, ChannelId id) override {
    SHOPDESK_PREPARE(
        s, c_,
        std::string("SELECT ") + kChannelColumns + " FROM channels WHERE shop_id = ? AND id = ?");
    s.Bind(1, shop).Bind(2, id);
    SHOPDESK_TRY(ExpectRow(s, "channel", id));
    return ReadChannel(s);
  }
  Result<Channel> FindByName(ShopId shop, const std::string& name) override {
    SHOPDESK_PREPARE(
        s, c_,
        std::string("SELECT ") + kChannelColumns + " FROM channels WHERE shop_id = ? AND name = ?");
    s.Bind(1, shop).Bind(2, name);
    SHOPDESK_TRY(ExpectRow(s, "channel", name));
    return ReadChannel(s);
  }
  Result<std::vector<Channel>> List(ShopId shop) override {
    SHOPDESK_PREPARE(
        s, c_,
        std::string("SELECT ") + kChannelColumns + " FROM channels WHERE shop_id = ? ORDER BY id");
    s.Bind(1, shop);
    return ReadChannels(s);
  }
  Status Update(const Channel& ch) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE channels SET address = ?, display_name = ?, imap_url = ?, "
                     "imap_user = ?, imap_password = ?, smtp_url = ?, smtp_user = ?, "
                     "smtp_password = ?, smtp_starttls = ? WHERE shop_id = ? AND id = ?");
    s.Bind(1, ch.address)
        .Bind(2, ch.display_name)
        .Bind(3, ch.email.imap_url)
        .Bind(4, ch.email.imap_user)
        .Bind(5, ch.email.imap_password)
        .Bind(6, ch.email.smtp_url)
        .Bind(7, ch.email.smtp_user)
        .Bind(8, ch.email.smtp_password)
        .Bind(9, ch.email.smtp_starttls)
        .Bind(10, ch.shop_id)
        .Bind(11, ch.id);
    SHOPDESK_TRY(s.Run());
    if (c_.Changes() == 0) return Error::NotFound("channel", ch.id);
    return Ok();
  }
  Result<std::vector<Channel>> ClaimDuePolls(Timestamp due_before, Timestamp lease_until,
                                             int limit) override {
    std::vector<Channel> claimed;
    {
      SHOPDESK_PREPARE(s, c_,
                       std::string("SELECT ") + kChannelColumns +
                           " FROM channels WHERE imap_url <> '' AND poll_due_at <= ? "
                           "ORDER BY poll_due_at, shop_id, id LIMIT ?" +
                           std::string(c_.ClaimRowsClause()));
      s.Bind(1, due_before).Bind(2, limit);
      auto rows = CollectRows(s, ReadChannel);
      if (!rows) return rows.error();
      claimed = std::move(*rows);
    }
    for (const auto& channel : claimed) {
      SHOPDESK_TRY(SchedulePoll(channel.shop_id, channel.id, lease_until));
    }
    return claimed;
  }
  Status SchedulePoll(ShopId shop, ChannelId id, Timestamp due_at) override {
    SHOPDESK_PREPARE(s, c_, "UPDATE channels SET poll_due_at = ? WHERE shop_id = ? AND id = ?");
    SHOPDESK_TRY(s.Bind(1, due_at).Bind(2, shop).Bind(3, id).Run());
    if (c_.Changes() == 0) return Error::NotFound("channel", id);
    return Ok();
  }
  Status UpdateHealth(ShopId shop, ChannelId id, bool healthy, const std::string& last_error,
                      const std::string& last_error_reason, Timestamp checked_at) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE channels SET healthy = ?, last_error = ?, last_checked_at = ?, "
                     "last_error_reason = ? WHERE shop_id = ? AND id = ?");
    SHOPDESK_TRY(s.Bind(1, healthy)
                     .Bind(2, last_error)
                     .Bind(3, checked_at)
                     .Bind(4, last_error_reason)
                     .Bind(5, shop)
                     .Bind(6, id)
                     .Run());
    if (c_.Changes() == 0) return Error::NotFound("channel", id);
    return Ok();
  }

 private:
  Connection& c_;
};

class SqlAgentRepo final : public AgentRepo {
 public:
  explicit SqlAgentRepo(Connection& c) : c_(c) {}
  Result<Agent> Create(const Agent& agent) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO agents (shop_id, email, name, role, created_at) VALUES (?, ?, ?, "
                     "?, ?) RETURNING id");
    SHOPDESK_TRY(s.Bind(1, agent.shop_id)
                     .Bind(2, agent.email)
                     .Bind(3, agent.name)
                     .Bind(4, RoleName(agent.role))
                     .Bind(5, agent.created_at)
                     .Run());
    Agent created = agent;
    created.id = s.ReturnedId();
    return created;
  }
  Result<Agent> Find(ShopId shop, AgentId id) override {
    SHOPDESK_PREPARE(
        s, c_,
        std::string("SELECT ") + kAgentColumns + " FROM agents a WHERE a.shop_id = ? AND a.id = ?");
    s.Bind(1, shop).Bind(2, id);
    SHOPDESK_TRY(ExpectRow(s, "agent", id));
    return ReadAgent(s);
  }
  Result<Agent> FindByEmail(ShopId shop, const std::string& email) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kAgentColumns +
                         " FROM agents a WHERE a.shop_id = ? AND a.email = ?");
    s.Bind(1, shop).Bind(2, email);
    SHOPDESK_TRY(ExpectRow(s, "agent", email));
    return ReadAgent(s);
  }
  Result<std::vector<Agent>> List(ShopId shop) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kAgentColumns +
                         " FROM agents a WHERE a.shop_id = ? ORDER BY a.id");
    s.Bind(1, shop);
    return CollectRows(s, ReadAgent);
  }
  Status Update(const Agent& agent) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE agents SET name = ?, role = ?, disabled_at = ? "
                     "WHERE shop_id = ? AND id = ?");
    SHOPDESK_TRY(s.Bind(1, agent.name)
                     .Bind(2, RoleName(agent.role))
                     .Bind(3, agent.disabled_at)
                     .Bind(4, agent.shop_id)
                     .Bind(5, agent.id)
                     .Run());
    if (c_.Changes() == 0) return Error::NotFound("agent", agent.id);
    return Ok();
  }
  Result<std::int64_t> RevokeTokens(ShopId shop, AgentId agent) override {
    SHOPDESK_PREPARE(s, c_, "DELETE FROM api_tokens WHERE shop_id = ? AND agent_id = ?");
    SHOPDESK_TRY(s.Bind(1, shop).Bind(2, agent).Run());
    return c_.Changes();
  }
  Status AddToken(ShopId shop, AgentId agent, const std::string& token_sha256,
                  Timestamp created_at) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO api_tokens (shop_id, agent_id, token_sha256, created_at) "
                     "SELECT shop_id, id, CAST(? AS TEXT), CAST(? AS BIGINT) FROM agents "
                     "WHERE shop_id = ? AND id = ?");
    SHOPDESK_TRY(s.Bind(1, token_sha256).Bind(2, created_at).Bind(3, shop).Bind(4, agent).Run());
    if (c_.Changes() == 0) return Error::NotFound("agent", agent);
    return Ok();
  }
  Result<Agent> FindByTokenHash(const std::string& token_sha256) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kAgentColumns +
                         " FROM api_tokens t JOIN agents a ON a.shop_id = t.shop_id AND "
                         "a.id = t.agent_id WHERE t.token_sha256 = ? AND a.disabled_at = 0");
    s.Bind(1, token_sha256);
    SHOPDESK_TRY(ExpectRow(s, "API token", "(hidden)"));
    return ReadAgent(s);
  }

  Status AddInvitation(ShopId shop, AgentId agent, const std::string& token_sha256,
                       Timestamp created_at, Timestamp expires_at) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO invitations (shop_id, agent_id, token_sha256, created_at, "
                     "expires_at) SELECT shop_id, id, CAST(? AS TEXT), CAST(? AS BIGINT), "
                     "CAST(? AS BIGINT) FROM agents WHERE shop_id = ? AND id = ?");
    SHOPDESK_TRY(s.Bind(1, token_sha256)
                     .Bind(2, created_at)
                     .Bind(3, expires_at)
                     .Bind(4, shop)
                     .Bind(5, agent)
                     .Run());
    if (c_.Changes() == 0) return Error::NotFound("agent", agent);
    return Ok();
  }
  Result<std::pair<Agent, Timestamp>> FindInvitation(const std::string& token_sha256) override {
    SHOPDESK_PREPARE(s, c_,
                     std::string("SELECT ") + kAgentColumns +
                         ", i.expires_at FROM invitations i JOIN agents a ON a.shop_id = "
                         "i.shop_id AND a.id = i.agent_id WHERE i.token_sha256 = ? AND "
                         "i.used_at = 0 AND a.disabled_at = 0");
    s.Bind(1, token_sha256);
    SHOPDESK_TRY(ExpectRow(s, "invitation", "(hidden)"));
    return std::pair<Agent, Timestamp>(ReadAgent(s), s.Int(7));  // after the agent's 7
  }
  Status UseInvitation(const std::string& token_sha256, Timestamp used_at) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE invitations SET used_at = ? WHERE used_at = 0 AND EXISTS (SELECT 1 "
                     "FROM invitations u WHERE u.token_sha256 = ? AND u.used_at = 0 AND "
                     "u.shop_id = invitations.shop_id AND u.agent_id = invitations.agent_id)");
    SHOPDESK_TRY(s.Bind(1, used_at).Bind(2, token_sha256).Run());
    if (c_.Changes() == 0) return Error::NotFound("invitation", "(hidden)");
    return Ok();
  }

 private:
  Connection& c_;
};

Customer ReadCustomer(const Statement& s) {
  return Customer{s.Int(0), s.Int(1), s.Text(2), s.Text(3),
                  s.Int(4), s.Int(5), s.Text(6), s.Text(7)};
}

class SqlCustomerRepo final : public CustomerRepo {
 public:
  explicit SqlCustomerRepo(Connection& c) : c_(c) {}
  Result<Customer> FindOrCreateByEmail(ShopId shop, const std::string& email,
                                       const std::string& name, Timestamp now) override {
    std::optional<Customer> found;
    {
      SHOPDESK_PREPARE(
          s, c_,
          "SELECT shop_id, id, name, email, created_at, erased_at, family_name, given_name FROM "
          "customers "
          "WHERE shop_id = ? AND email = ?");
      s.Bind(1, shop).Bind(2, email);
      auto row = s.Step();
      if (!row) return row.error();
      if (*row) found = ReadCustomer(s);
    }
    if (found) {
      if (found->name.empty() && !name.empty()) {
        found->name = name;
        SHOPDESK_TRY(Update(*found));
      }
      return *found;
    }
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO customers (shop_id, name, email, created_at) VALUES (?, ?, ?, ?) "
                     "RETURNING id");
    SHOPDESK_TRY(s.Bind(1, shop).Bind(2, name).Bind(3, email).Bind(4, now).Run());
    return Customer{shop, s.ReturnedId(), name, email, now, 0, "", ""};
  }
  Result<Customer> Find(ShopId shop, CustomerId id) override {
    SHOPDESK_PREPARE(
        s, c_,
        "SELECT shop_id, id, name, email, created_at, erased_at, family_name, given_name FROM "
        "customers "
        "WHERE shop_id = ? AND id = ?");
    s.Bind(1, shop).Bind(2, id);
    SHOPDESK_TRY(ExpectRow(s, "customer", id));
    return ReadCustomer(s);
  }
  Result<std::vector<Customer>> List(ShopId shop, const std::string& query, CustomerId after_id,
                                     int limit) override {
    SHOPDESK_PREPARE(
        s, c_,
        "SELECT shop_id, id, name, email, created_at, erased_at, family_name, given_name FROM "
        "customers "
        "WHERE shop_id = ?1 AND id > ?2 AND (CAST(?3 AS TEXT) = '' OR "
        "name LIKE '%' || CAST(?3 AS TEXT) || '%' OR "
        "email LIKE '%' || lower(CAST(?3 AS TEXT)) || '%') ORDER BY id LIMIT ?4");
    s.Bind(1, shop).Bind(2, after_id).Bind(3, query).Bind(4, limit);
    return CollectRows(s, ReadCustomer);
  }
  Status Update(const Customer& customer) override {
    SHOPDESK_PREPARE(s, c_,
                     "UPDATE customers SET name = ?, family_name = ?, given_name = ? WHERE shop_id "
                     "= ? AND id = ?");
    SHOPDESK_TRY(s.Bind(1, customer.name)
                     .Bind(2, customer.family_name)
                     .Bind(3, customer.given_name)
                     .Bind(4, customer.shop_id)
                     .Bind(5, customer.id)
                     .Run());
    if (c_.Changes() == 0) return Error::NotFound("customer", customer.id);
    return Ok();
  }

 private:
  Connection& c_;
};

}  // namespace

std::unique_ptr<ShopRepo> MakeShopRepo(Connection& c) { return std::make_unique<SqlShopRepo>(c); }
std::unique_ptr<ChannelRepo> MakeChannelRepo(Connection& c) {
  return std::make_unique<SqlChannelRepo>(c);
}
std::unique_ptr<AgentRepo> MakeAgentRepo(Connection& c) {
  return std::make_unique<SqlAgentRepo>(c);
}
std::unique_ptr<CustomerRepo> MakeCustomerRepo(Connection& c) {
  return std::make_unique<SqlCustomerRepo>(c);
}

}  // namespace shopdesk::store::sql
