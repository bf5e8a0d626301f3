-- Saved replies (issue 5): templates agents insert with "/" in the composer.
CREATE TABLE saved_replies (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  title TEXT NOT NULL,
  shortcut TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  language TEXT NOT NULL DEFAULT 'ja',
  tags TEXT NOT NULL DEFAULT '',          -- comma-separated (tags never hold commas)
  intent TEXT NOT NULL DEFAULT '',
  created_by INTEGER,                     -- agents.id; NULL when made by the command line
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX saved_replies_by_title ON saved_replies (shop_id, title);
CREATE UNIQUE INDEX saved_replies_by_shortcut ON saved_replies (shop_id, shortcut)
  WHERE shortcut <> '';
