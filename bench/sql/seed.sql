-- Fixed data set for bench/run.sh: psql -v rows=N -v seed=0.42 -f seed.sql
-- Same seed and row count => same rows (ids are md5('bench-'||n), so they need no lookup table).
--
-- Clears everything a run leaves behind first: every table of the schema except the accounts the bench signed up
-- (users and their tokens/keys/sessions) and Flyway's history — items and what hangs off them (images, orders and
-- their lines, idempotency keys), outbox/event tables (event_publication, live_events, webhook deliveries, any
-- table a later migration adds). Listing the tables from the catalogue keeps the seed working when a migration adds
-- one. Seeded items have no owner (so any bench buyer may order them) and a stock of 1,000,000 (orders never run out).
\set ON_ERROR_STOP on
DO $$
DECLARE
  keep CONSTANT text[] := ARRAY['flyway_schema_history', 'users', 'refresh_tokens', 'api_keys', 'browser_sessions',
                                'one_time_tokens'];
  victims text;
BEGIN
  SELECT string_agg(format('%I.%I', schemaname, tablename), ', ')
    INTO victims
    FROM pg_tables
   WHERE schemaname = current_schema() AND NOT (tablename = ANY (keep));
  IF victims IS NOT NULL THEN
    EXECUTE 'TRUNCATE ' || victims || ' RESTART IDENTITY CASCADE';
  END IF;
END $$;
\o /dev/null
SELECT setseed(:seed);
\o
INSERT INTO items (id, name, description, price, currency, status, created_at, updated_at, version, stock)
SELECT md5('bench-' || g)::uuid,
       (ARRAY['Brass','Oak','Vintage','Ceramic','Steel','Wool','Linen','Walnut','Copper','Glass'])[1 + floor(random() * 10)::int]
         || ' ' ||
       (ARRAY['lamp','bookshelf','camera','tea set','bike','blanket','keyboard','skillet','record player','telescope'])[1 + floor(random() * 10)::int]
         || ' #' || g,
       CASE WHEN random() < 0.2 THEN NULL
            ELSE 'Bench item ' || g || ': ' || repeat('good condition, ', 1 + floor(random() * 8)::int) END,
       round((1 + random() * 999)::numeric, 2),
       (ARRAY['EUR','USD','GBP'])[1 + floor(random() * 3)::int],
       (ARRAY['active','active','active','active','active','active','active','active','draft','archived'])[1 + floor(random() * 10)::int],
       ts, ts, 0, 1000000
FROM (SELECT g, timestamptz '2025-01-01 00:00:00+00' + g * interval '7 seconds' + floor(random() * 1000000) * interval '1 microsecond' AS ts
      FROM generate_series(1, :rows) AS g) s;
VACUUM ANALYZE items;
-- Write the seed's dirty pages out now, so that the checkpoint it would otherwise trigger does not land in (and
-- slow down) the first measured point after it: every size starts from the same clean state. Needs a superuser or
-- pg_checkpoint (PostgreSQL 15+), like the rest of this script (TRUNCATE of every table).
CHECKPOINT;
