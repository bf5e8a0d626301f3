-- Polling a mailbox is a job like sending a reply: a node claims a channel by moving
-- poll_due_at forward (its lease), polls, then sets the next due time.
ALTER TABLE channels ADD COLUMN poll_due_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX channels_poll_due ON channels (poll_due_at) WHERE imap_url <> '';
