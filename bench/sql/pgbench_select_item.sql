-- pgbench ceiling: one item by primary key (ids are md5('bench-'||n), see seed.sql). Needs -D rows=N.
\set n random(1, :rows)
SELECT id, name, description, price, currency, status, created_at, updated_at, version FROM items WHERE id = md5('bench-' || :n)::uuid;
