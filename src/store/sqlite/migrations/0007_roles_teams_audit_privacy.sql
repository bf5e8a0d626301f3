-- Roles in practice, teams, the audit log and privacy erasure (issue 4).

-- An agent removed from a shop keeps its row (messages and conversations name it) but
-- can no longer log in to that shop or use its API tokens.
ALTER TABLE agents ADD COLUMN disabled_at INTEGER NOT NULL DEFAULT 0;

-- When the customer's data was erased on request (APPI / GDPR); 0: never.
ALTER TABLE customers ADD COLUMN erased_at INTEGER NOT NULL DEFAULT 0;

CREATE TABLE teams (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (shop_id, name)
);

CREATE TABLE team_members (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  team_id INTEGER NOT NULL REFERENCES teams(id),
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  UNIQUE (shop_id, team_id, agent_id)
);

-- The team a conversation is routed to (beside or instead of one assignee).
ALTER TABLE conversations ADD COLUMN team_id INTEGER REFERENCES teams(id);

-- Who did what, when and from where: logins, failed logins, role changes, exports,
-- erasures and settings changes. Append-only; readable by the shop's owners.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  at INTEGER NOT NULL,
  actor_agent_id INTEGER,                 -- NULL: the command line or the system
  actor TEXT NOT NULL,                    -- e-mail, or "cli:<user>" / "system"
  action TEXT NOT NULL,                   -- e.g. "login", "agent.role_changed"
  target TEXT NOT NULL DEFAULT '',        -- e.g. "agent:12", "customer:7"
  detail TEXT NOT NULL DEFAULT '{}',      -- JSON object
  remote_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_shop ON audit_log (shop_id, id);

-- Erasure deletes an attachment's bytes only when no other attachment names them.
CREATE INDEX attachments_by_sha256 ON attachments (shop_id, sha256);
