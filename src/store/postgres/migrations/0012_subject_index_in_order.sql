-- Threading by subject asks for the newest open conversation of a customer with a
-- subject (ORDER BY last_activity_at DESC, id DESC LIMIT 1). With the index in that
-- order, every plan takes it: PostgreSQL's generic plan, made while the table was
-- still empty, walked conversations_by_activity instead and cost a millisecond a mail
-- by the end of a first large import.
DROP INDEX conversations_by_subject;
CREATE INDEX conversations_by_subject
  ON conversations (shop_id, customer_id, normalized_subject, last_activity_at DESC, id DESC);
