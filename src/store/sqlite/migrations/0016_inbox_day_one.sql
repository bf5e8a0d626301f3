-- The inbox on day one (issue 14): when the customer last wrote, who has read it, a
-- hold that ends by itself, what agents changed, views they saved, and copies of a reply.
--
-- When the newest inbound message arrived (NULL: none yet); a conversation is unread
-- for an agent whose read mark is older.
ALTER TABLE conversations ADD COLUMN last_inbound_at INTEGER;
UPDATE conversations SET last_inbound_at = (
  SELECT max(m.created_at) FROM messages m
  WHERE m.shop_id = conversations.shop_id AND m.conversation_id = conversations.id
    AND m.direction = 'inbound');
-- On hold until this time (NULL: until someone changes it); the background worker
-- opens the conversation again then. A small partial index, walked across shops in
-- the order the worker takes them.
ALTER TABLE conversations ADD COLUMN hold_until INTEGER;
CREATE INDEX conversations_hold_until ON conversations (hold_until, id)
  WHERE hold_until IS NOT NULL;
-- Each agent's read mark per conversation: when they last had it open.
CREATE TABLE conversation_reads (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  read_at INTEGER NOT NULL,
  UNIQUE (shop_id, agent_id, conversation_id)
);
-- What agents (and the hold worker) changed in a conversation, for the thread's
-- activity lines: status, assignee, team, tags, intent. Names, not ids, in detail:
-- the line says who was assigned then, and a tenant copy needs no id mapping there.
CREATE TABLE conversation_activity (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  at INTEGER NOT NULL,
  agent_id INTEGER REFERENCES agents(id),
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX conversation_activity_by_conversation
  ON conversation_activity (shop_id, conversation_id, id);
-- Saved inbox views: a name for a set of filters (the inbox's URL query), an agent's
-- own (owner_id) or shared with the shop (owner_id NULL).
CREATE TABLE inbox_views (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  owner_id INTEGER REFERENCES agents(id),
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX inbox_views_by_shop ON inbox_views (shop_id, owner_id);
-- Copies of an outbound mail the agent added: Cc (in the header) and Bcc (envelope
-- only), one address a line.
ALTER TABLE messages ADD COLUMN cc TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN bcc TEXT NOT NULL DEFAULT '';
