-- How channels know a customer beyond their e-mail address (issue 15): {kind, value}
-- pairs unique in the shop, e.g. {"web", the site's own customer id}. The address
-- itself stays customers.email, the identity every customer has.
CREATE TABLE customer_identities (
  id INTEGER PRIMARY KEY,
  shop_id INTEGER NOT NULL REFERENCES shops(id),
  customer_id INTEGER NOT NULL REFERENCES customers(id),
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (shop_id, kind, value)
);
CREATE INDEX customer_identities_by_customer ON customer_identities (shop_id, customer_id);
