-- An agent invited by a mail link sets their own password (issue 14). Only the SHA-256
-- of the link's token is stored; a link works once, until it expires.
CREATE TABLE invitations (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX invitations_by_agent ON invitations (shop_id, agent_id);
