-- Indexes for lookups that otherwise walk a whole shop:
-- soonest due across every status (the inbox with sort=due and no status filter);
CREATE INDEX conversations_by_due_any_status ON conversations (shop_id, due_at, id);
-- one agent's conversations ("mine"), newest first;
CREATE INDEX conversations_by_assignee
  ON conversations (shop_id, assignee_id, status, last_activity_at DESC, id DESC);
-- the newest conversation about an order, found without sorting (threading by order id
-- asks this for every inbound message that names one, usually a miss);
DROP INDEX conversations_by_order;
CREATE INDEX conversations_by_order
  ON conversations (shop_id, order_id, last_activity_at DESC, id DESC) WHERE order_id <> '';
-- a shop's customers page by page in id order.
CREATE INDEX customers_by_shop ON customers (shop_id, id);
