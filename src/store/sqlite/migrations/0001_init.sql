-- shopdesk schema, version 1. Every table carries shop_id, and shop_id leads every
-- key and index so tenants can be sharded by it later.
CREATE TABLE shops (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  time_zone TEXT NOT NULL DEFAULT 'Asia/Tokyo',
  created_at INTEGER NOT NULL
);

CREATE TABLE channels (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  imap_url TEXT NOT NULL DEFAULT '',
  imap_user TEXT NOT NULL DEFAULT '',
  imap_password TEXT NOT NULL DEFAULT '',
  smtp_url TEXT NOT NULL DEFAULT '',
  smtp_user TEXT NOT NULL DEFAULT '',
  smtp_password TEXT NOT NULL DEFAULT '',
  smtp_starttls INTEGER NOT NULL DEFAULT 0,
  healthy INTEGER NOT NULL DEFAULT 1,
  last_error TEXT NOT NULL DEFAULT '',
  last_checked_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (shop_id, name)
);

CREATE TABLE agents (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (shop_id, email)
);

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  agent_id INTEGER NOT NULL REFERENCES agents(id),
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX api_tokens_by_agent ON api_tokens (shop_id, agent_id);

CREATE TABLE customers (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  name TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (shop_id, email)
);

CREATE TABLE conversations (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  subject TEXT NOT NULL DEFAULT '',
  normalized_subject TEXT NOT NULL DEFAULT '',
  order_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open',
  spam INTEGER NOT NULL DEFAULT 0,
  no_reply_needed INTEGER NOT NULL DEFAULT 0,
  assignee_id INTEGER REFERENCES agents(id),
  created_at INTEGER NOT NULL,
  last_activity_at INTEGER NOT NULL,
  due_at INTEGER,
  message_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conversations_by_activity ON conversations (shop_id, last_activity_at DESC, id DESC);
CREATE INDEX conversations_by_status_activity
  ON conversations (shop_id, status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_by_due ON conversations (shop_id, status, due_at, id);
CREATE INDEX conversations_by_order ON conversations (shop_id, order_id) WHERE order_id <> '';
CREATE INDEX conversations_by_subject
  ON conversations (shop_id, customer_id, normalized_subject, last_activity_at);

CREATE TABLE conversation_tags (
  shop_id INTEGER NOT NULL,
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  tag TEXT NOT NULL,
  PRIMARY KEY (shop_id, conversation_id, tag)
);
CREATE INDEX conversation_tags_by_tag ON conversation_tags (shop_id, tag, conversation_id);

CREATE TABLE messages (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  direction TEXT NOT NULL,
  author_agent_id INTEGER,
  from_name TEXT NOT NULL DEFAULT '',
  from_address TEXT NOT NULL DEFAULT '',
  to_address TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  html TEXT NOT NULL DEFAULT '',
  external_id TEXT NOT NULL,
  in_reply_to TEXT NOT NULL DEFAULT '',
  refs TEXT NOT NULL DEFAULT '',
  raw_sha256 TEXT NOT NULL DEFAULT '',
  flags INTEGER NOT NULL DEFAULT 0,
  decode_note TEXT NOT NULL DEFAULT '',
  delivery TEXT NOT NULL DEFAULT 'none',
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE (shop_id, channel_id, external_id)
);
CREATE INDEX messages_by_conversation ON messages (shop_id, conversation_id, id);
CREATE INDEX messages_by_external_id ON messages (shop_id, external_id);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  filename TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT 'application/octet-stream',
  size INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL DEFAULT '',
  content_id TEXT NOT NULL DEFAULT '',
  inline_part INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attachments_by_message ON attachments (shop_id, message_id);

CREATE TABLE blobs (
  shop_id INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (shop_id, sha256)
) WITHOUT ROWID;

CREATE TABLE outbox_jobs (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL,
  message_id INTEGER NOT NULL REFERENCES messages(id),
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  locked_until INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_jobs_due ON outbox_jobs (run_at, locked_until);
