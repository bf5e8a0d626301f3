-- A reply answers the response clock only once its delivery is confirmed (issue 14).
-- The reply a clock awaits, or that answered it: a failed or bounced delivery finds
-- its clocks by it and runs them again.
ALTER TABLE sla_clocks ADD COLUMN answer_message_id INTEGER;
-- When the shop's last reply in the conversation failed to reach the customer; NULL
-- once a reply is delivered. Such conversations lead the inbox (filtered by status)
-- and have a view of their own (any status): a small partial index for each, in the
-- order of their pages.
ALTER TABLE conversations ADD COLUMN delivery_failed_at INTEGER;
CREATE INDEX conversations_delivery_failed ON conversations (shop_id, delivery_failed_at, id)
  WHERE delivery_failed_at IS NOT NULL;
CREATE INDEX conversations_delivery_failed_by_status
  ON conversations (shop_id, status, delivery_failed_at, id) WHERE delivery_failed_at IS NOT NULL;
