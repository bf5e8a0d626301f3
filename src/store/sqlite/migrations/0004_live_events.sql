-- Live events (core/live_event.h), written in the transaction of the change they
-- describe. AUTOINCREMENT so an id is never reused after pruning: nodes follow the
-- sequence and would miss an event whose id went backwards.
CREATE TABLE live_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  kind TEXT NOT NULL,
  conversation_id INTEGER NOT NULL,
  message_id INTEGER,
  data TEXT NOT NULL DEFAULT '{}',
  created_at INTEGER NOT NULL
);
CREATE INDEX live_events_by_shop ON live_events (shop_id, id);
-- No index on created_at: the hourly prune may scan; every insert would pay for one.
