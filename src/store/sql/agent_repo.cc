// Agents with their API tokens and invitations, for every SQL backend.
#include "store/sql/row_readers.h"
#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

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

}  // namespace

std::unique_ptr<AgentRepo> MakeAgentRepo(Connection& c) {
  return std::make_unique<SqlAgentRepo>(c);
}

}  // namespace shopdesk::store::sql
