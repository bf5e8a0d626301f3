// Channels, for every SQL backend.
#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"
#include "store/sql/string_map_json.h"

namespace shopdesk::store::sql {
namespace {

constexpr const char* kChannelColumns =
    "shop_id, id, kind, name, address, display_name, settings, secrets, polled, healthy, "
    "last_error, last_checked_at, created_at, last_error_reason";

Result<Channel> ReadChannel(const Statement& s) {
  Channel c;
  c.shop_id = s.Int(0);
  c.id = s.Int(1);
  c.kind = s.Text(2);
  c.name = s.Text(3);
  c.address = s.Text(4);
  c.display_name = s.Text(5);
  const std::string where = "channel " + std::to_string(c.id) + "'s ";
  auto values = StringMapFromJson(s.Text(6), where + "settings");
  if (!values) return values.error();
  auto secrets = StringMapFromJson(s.Text(7), where + "secrets");
  if (!secrets) return secrets.error();
  c.settings.values = std::move(*values);
  c.settings.secrets = std::move(*secrets);
  c.polled = s.Bool(8);
  c.healthy = s.Bool(9);
  c.last_error = s.Text(10);
  c.last_checked_at = s.Int(11);
  c.created_at = s.Int(12);
  c.last_error_reason = s.Text(13);
  return c;
}

Result<std::vector<Channel>> ReadChannels(Statement& s) {
  auto rows = CollectRows(s, ReadChannel);
  if (!rows) return rows.error();
  std::vector<Channel> out;
  for (auto& row : *rows) {
    if (!row) return row.error();
    out.push_back(std::move(*row));
  }
  return out;
}

class SqlChannelRepo final : public ChannelRepo {
 public:
  explicit SqlChannelRepo(Connection& c) : c_(c) {}
  Result<Channel> Create(const Channel& ch) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO channels (shop_id, kind, name, address, display_name, settings, "
                     "secrets, polled, healthy, last_error, last_checked_at, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    s.Bind(1, ch.shop_id)
        .Bind(2, ch.kind)
        .Bind(3, ch.name)
        .Bind(4, ch.address)
        .Bind(5, ch.display_name)
        .Bind(6, StringMapToJson(ch.settings.values))
        .Bind(7, StringMapToJson(ch.settings.secrets))
        .Bind(8, ch.polled)
        .Bind(9, ch.healthy)
        .Bind(10, ch.last_error)
        .Bind(11, ch.last_checked_at)
        .Bind(12, ch.created_at);
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
    SHOPDESK_PREPARE(
        s, c_,
        "UPDATE channels SET address = ?, display_name = ?, settings = ?, secrets = ?, "
        "polled = ? WHERE shop_id = ? AND id = ?");
    s.Bind(1, ch.address)
        .Bind(2, ch.display_name)
        .Bind(3, StringMapToJson(ch.settings.values))
        .Bind(4, StringMapToJson(ch.settings.secrets))
        .Bind(5, ch.polled)
        .Bind(6, ch.shop_id)
        .Bind(7, ch.id);
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
                           " FROM channels WHERE polled <> 0 AND poll_due_at <= ? "
                           "ORDER BY poll_due_at, shop_id, id LIMIT ?" +
                           std::string(c_.ClaimRowsClause()));
      s.Bind(1, due_before).Bind(2, limit);
      auto rows = ReadChannels(s);
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

}  // namespace

std::unique_ptr<ChannelRepo> MakeChannelRepo(Connection& c) {
  return std::make_unique<SqlChannelRepo>(c);
}

}  // namespace shopdesk::store::sql
