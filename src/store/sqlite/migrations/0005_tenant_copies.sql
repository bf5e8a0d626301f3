-- `shopdesk migrate --from A --to B` (store/tenant_copy.h): in the target database,
-- which shop was copied from where, and the id each copied row got, so the copy can
-- be run again (it then updates what changed and adds what is new).
CREATE TABLE shop_copies (
  shop_id INTEGER NOT NULL PRIMARY KEY REFERENCES shops(id),
  source_shop_id INTEGER NOT NULL,
  source_created_at INTEGER NOT NULL,
  copied_at INTEGER NOT NULL
);
CREATE TABLE copy_id_map (
  shop_id INTEGER NOT NULL,
  table_name TEXT NOT NULL,
  source_id INTEGER NOT NULL,
  target_id INTEGER NOT NULL,
  row_sha256 TEXT NOT NULL DEFAULT '', -- of the row as copied: unchanged rows are skipped
  PRIMARY KEY (shop_id, table_name, source_id)
);
