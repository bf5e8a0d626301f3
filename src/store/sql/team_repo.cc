// Teams (with members), for every SQL backend.
#include <algorithm>
#include <map>

#include "store/sql/sql_repos.h"

namespace shopdesk::store::sql {
namespace {

Team ReadTeam(const Statement& s) {
  Team t;
  t.shop_id = s.Int(0);
  t.id = s.Int(1);
  t.name = s.Text(2);
  t.created_at = s.Int(3);
  return t;
}

class SqlTeamRepo final : public TeamRepo {
 public:
  explicit SqlTeamRepo(Connection& c) : c_(c) {}

  Result<Team> Create(const Team& team) override {
    SHOPDESK_PREPARE(s, c_,
                     "INSERT INTO teams (shop_id, name, created_at) VALUES (?1, ?2, ?3) "
                     "RETURNING id");
    SHOPDESK_TRY(s.Bind(1, team.shop_id).Bind(2, team.name).Bind(3, team.created_at).Run());
    Team created = team;
    created.id = s.ReturnedId();
    created.member_ids.clear();
    return created;
  }

  Result<Team> Find(ShopId shop, TeamId id) override {
    Team team;
    {
      SHOPDESK_PREPARE(s, c_,
                       "SELECT shop_id, id, name, created_at FROM teams "
                       "WHERE shop_id = ?1 AND id = ?2");
      s.Bind(1, shop).Bind(2, id);
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) return Error::NotFound("team", id);
      team = ReadTeam(s);
    }
    auto members = MembersOf(shop);
    if (!members) return members.error();
    team.member_ids = std::move((*members)[id]);
    return team;
  }

  Result<std::vector<Team>> List(ShopId shop) override {
    std::vector<Team> teams;
    {
      SHOPDESK_PREPARE(s, c_,
                       "SELECT shop_id, id, name, created_at FROM teams WHERE shop_id = ?1 "
                       "ORDER BY name, id");
      s.Bind(1, shop);
      auto rows = CollectRows(s, ReadTeam);
      if (!rows) return rows.error();
      teams = std::move(*rows);
    }
    auto members = MembersOf(shop);
    if (!members) return members.error();
    for (auto& t : teams) t.member_ids = std::move((*members)[t.id]);
    return teams;
  }

  Status SetMembers(ShopId shop, TeamId id, const std::vector<AgentId>& agents) override {
    {
      SHOPDESK_PREPARE(s, c_, "DELETE FROM team_members WHERE shop_id = ?1 AND team_id = ?2");
      SHOPDESK_TRY(s.Bind(1, shop).Bind(2, id).Run());
    }
    for (AgentId agent : agents) {
      // Both the team and the agent must be this shop's: the SELECT yields no row
      // otherwise, and nothing is inserted.
      SHOPDESK_PREPARE(s, c_,
                       "INSERT INTO team_members (shop_id, team_id, agent_id) "
                       "SELECT t.shop_id, t.id, a.id FROM teams t JOIN agents a ON "
                       "a.shop_id = t.shop_id AND a.id = ?3 WHERE t.shop_id = ?1 AND t.id = ?2 "
                       "ON CONFLICT DO NOTHING");
      SHOPDESK_TRY(s.Bind(1, shop).Bind(2, id).Bind(3, agent).Run());
      if (c_.Changes() == 0) {
        auto team = Find(shop, id);
        if (!team) return team.error();
        if (std::count(agents.begin(), agents.end(), agent) > 1) continue;
        return Error::NotFound("agent", agent);
      }
    }
    if (agents.empty()) {
      auto team = Find(shop, id);
      if (!team) return team.error();
    }
    return Ok();
  }

  Status Delete(ShopId shop, TeamId id) override {
    {
      SHOPDESK_PREPARE(
          s, c_, "UPDATE conversations SET team_id = NULL WHERE shop_id = ?1 AND team_id = ?2");
      SHOPDESK_TRY(s.Bind(1, shop).Bind(2, id).Run());
    }
    {
      SHOPDESK_PREPARE(s, c_, "DELETE FROM team_members WHERE shop_id = ?1 AND team_id = ?2");
      SHOPDESK_TRY(s.Bind(1, shop).Bind(2, id).Run());
    }
    SHOPDESK_PREPARE(s, c_, "DELETE FROM teams WHERE shop_id = ?1 AND id = ?2");
    SHOPDESK_TRY(s.Bind(1, shop).Bind(2, id).Run());
    if (c_.Changes() == 0) return Error::NotFound("team", id);
    return Ok();
  }

 private:
  Result<std::map<TeamId, std::vector<AgentId>>> MembersOf(ShopId shop) {
    SHOPDESK_PREPARE(s, c_,
                     "SELECT team_id, agent_id FROM team_members WHERE shop_id = ?1 "
                     "ORDER BY team_id, agent_id");
    s.Bind(1, shop);
    std::map<TeamId, std::vector<AgentId>> members;
    for (;;) {
      auto row = s.Step();
      if (!row) return row.error();
      if (!*row) break;
      members[s.Int(0)].push_back(s.Int(1));
    }
    return members;
  }

  Connection& c_;
};

}  // namespace

std::unique_ptr<TeamRepo> MakeTeamRepo(Connection& c) { return std::make_unique<SqlTeamRepo>(c); }

}  // namespace shopdesk::store::sql
