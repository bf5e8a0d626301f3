-- The response clock (issue 5): per-channel targets, the shop's business hours, one
-- clock per inbound message owed an answer, the log of every clock change, and away
-- mode with its automatic answers.

-- A channel's targets; a channel without a row has the default (24 h, calendar time).
CREATE TABLE sla_policies (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  first_response_ms INTEGER NOT NULL,
  next_response_ms INTEGER NOT NULL,
  counting TEXT NOT NULL,                 -- 'calendar' or 'business'
  warn_before_ms TEXT NOT NULL DEFAULT '',-- comma-separated, longest first
  updated_at INTEGER NOT NULL,
  UNIQUE (shop_id, channel_id)
);

-- The shop's opening hours (in shops.time_zone); a shop without a row has the default
-- (weekdays 09:00-18:00, closed on national holidays).
CREATE TABLE business_calendars (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL UNIQUE REFERENCES shops(id),
  weekly TEXT NOT NULL,                   -- "1:540-1080 2:540-1080 ..." weekday:open-close minutes
  closed_on_national_holidays INTEGER NOT NULL,
  closed_days TEXT NOT NULL DEFAULT '',   -- "2026-12-29 2026-12-30 ..."
  updated_at INTEGER NOT NULL
);

CREATE TABLE sla_clocks (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  message_id INTEGER NOT NULL REFERENCES messages(id),
  channel_id INTEGER NOT NULL REFERENCES channels(id),
  target TEXT NOT NULL,                   -- 'first_response' or 'next_response'
  counting TEXT NOT NULL,
  state TEXT NOT NULL,                    -- 'running', 'paused', 'fulfilled', 'stopped'
  started_at INTEGER NOT NULL,
  budget_ms INTEGER NOT NULL,             -- counted time left at running_since
  running_since INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  breached_at INTEGER,                    -- the due time passed unanswered
  ended_at INTEGER,
  fulfilled_by INTEGER,                    -- agents.id of the person whose reply answered it
  warnings_fired INTEGER NOT NULL DEFAULT 0,
  alert_at INTEGER                        -- next warning or breach for the sweep
);
CREATE INDEX sla_clocks_by_conversation ON sla_clocks (shop_id, conversation_id, id);
CREATE INDEX sla_clocks_unfinished ON sla_clocks (shop_id, started_at) WHERE ended_at IS NULL;
CREATE INDEX sla_clocks_alerts ON sla_clocks (alert_at) WHERE alert_at IS NOT NULL;
CREATE INDEX sla_clocks_running_business ON sla_clocks (shop_id)
  WHERE state = 'running' AND counting = 'business';
-- Covers the first-response report (no table reads for a month of clocks).
CREATE INDEX sla_clocks_first_by_start ON sla_clocks
  (shop_id, target, started_at, state, channel_id, fulfilled_by, ended_at, breached_at);
CREATE INDEX sla_clocks_breached ON sla_clocks (shop_id, breached_at)
  WHERE breached_at IS NOT NULL;

CREATE TABLE sla_events (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  conversation_id INTEGER NOT NULL REFERENCES conversations(id),
  message_id INTEGER NOT NULL REFERENCES messages(id),
  target TEXT NOT NULL,
  kind TEXT NOT NULL,                     -- started, paused, resumed, warning, breached, fulfilled, stopped
  at INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  value_ms INTEGER NOT NULL DEFAULT 0     -- warning: time left; paused: budget; fulfilled: lateness
);
CREATE INDEX sla_events_by_conversation ON sla_events (shop_id, conversation_id, id);

-- Away mode (core/away_mode.h); a shop without a row is never away.
CREATE TABLE away_settings (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL UNIQUE REFERENCES shops(id),
  enabled INTEGER NOT NULL,
  outside_business_hours INTEGER NOT NULL,
  away_from INTEGER,
  away_until INTEGER,
  message TEXT NOT NULL DEFAULT '',
  period_ms INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Each automatic answer, so a customer gets at most one per period.
CREATE TABLE auto_replies (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  message_id INTEGER NOT NULL REFERENCES messages(id),
  sent_at INTEGER NOT NULL
);
CREATE INDEX auto_replies_by_customer ON auto_replies (shop_id, customer_id, sent_at);

-- Reports: when a conversation was last resolved or closed (NULL while open), and the
-- indexes the report queries read by time.
ALTER TABLE conversations ADD COLUMN resolved_at INTEGER;
-- Covering indexes: volume per channel by creation time, and the open backlog by age.
CREATE INDEX conversations_by_created ON conversations (shop_id, created_at, channel_id);
CREATE INDEX conversations_by_status_created ON conversations (shop_id, status, created_at);
CREATE INDEX conversations_by_resolved ON conversations (shop_id, resolved_at)
  WHERE resolved_at IS NOT NULL;

-- Saved replies address customers by name: family and given names as an agent entered
-- them (never guessed by splitting the display name on a space).
ALTER TABLE customers ADD COLUMN family_name TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN given_name TEXT NOT NULL DEFAULT '';
