-- People who log in with e-mail and password. An account is the person; what they
-- may do in a shop is the agents row with the same e-mail there (one person, several
-- shops). Like shops, these tables have no shop_id: a person logs in before a shop is
-- chosen, and every row reached afterwards is scoped by the chosen shop.
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,                -- lower-case
  name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL DEFAULT '',    -- argon2id (libsodium); '' = no password yet
  failed_logins INTEGER NOT NULL DEFAULT 0,       -- consecutive, reset by a good login
  locked_until INTEGER NOT NULL DEFAULT 0,
  password_changed_at INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
-- Browser sessions (an HttpOnly cookie holds the token; only its SHA-256 is stored).
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  remote_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_account ON sessions (account_id);
-- Failed logins per client address in the current window, shared by every node.
CREATE TABLE login_throttle (
  remote_address TEXT NOT NULL PRIMARY KEY,
  window_start INTEGER NOT NULL,
  failures INTEGER NOT NULL
);
