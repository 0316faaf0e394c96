-- pgbench ceiling: one items-shaped single-row INSERT per transaction (what POST /api/v2/items writes).
INSERT INTO items (id, name, description, price, currency, status, created_at, updated_at, version)
VALUES (gen_random_uuid(), 'pgbench item', 'Inserted by the INSERT ceiling run', 49.90, 'EUR', 'active', now(), now(), 0);
