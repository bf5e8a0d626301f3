-- A channel's settings belong to its adapter (issue 15): one document of the adapter's
-- own fields, its secrets in another so that nothing which shows settings reads them,
-- and whether the adapter has a source to poll, which is what the poller claims by.
-- A value that is empty (or a false flag) is not written.
ALTER TABLE channels ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE channels ADD COLUMN secrets TEXT NOT NULL DEFAULT '{}';
ALTER TABLE channels ADD COLUMN polled BIGINT NOT NULL DEFAULT 0;
UPDATE channels SET
  settings = json_strip_nulls(json_build_object(
    'imap_url', nullif(imap_url, ''), 'imap_user', nullif(imap_user, ''),
    'smtp_url', nullif(smtp_url, ''), 'smtp_user', nullif(smtp_user, ''),
    'smtp_starttls', CASE WHEN smtp_starttls <> 0 THEN 'true' END))::text,
  secrets = json_strip_nulls(json_build_object(
    'imap_password', nullif(imap_password, ''), 'smtp_password', nullif(smtp_password, '')))::text,
  polled = CASE WHEN imap_url <> '' THEN 1 ELSE 0 END;
DROP INDEX channels_poll_due;
CREATE INDEX channels_poll_due ON channels (poll_due_at) WHERE polled <> 0;
ALTER TABLE channels DROP COLUMN imap_url, DROP COLUMN imap_user, DROP COLUMN imap_password,
  DROP COLUMN smtp_url, DROP COLUMN smtp_user, DROP COLUMN smtp_password,
  DROP COLUMN smtp_starttls;
