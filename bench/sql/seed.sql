-- Fixed data set for bench/run.sh: psql -v rows=N -v seed=0.42 -f seed.sql
-- Same seed and row count => same rows (ids are md5('bench-'||n), so they need no lookup table).
\set ON_ERROR_STOP on
TRUNCATE items;
\o /dev/null
SELECT setseed(:seed);
\o
INSERT INTO items (id, name, description, price, currency, status, created_at, updated_at, version)
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
       ts, ts, 0
FROM (SELECT g, timestamptz '2025-01-01 00:00:00+00' + g * interval '7 seconds' + floor(random() * 1000000) * interval '1 microsecond' AS ts
      FROM generate_series(1, :rows) AS g) s;
VACUUM ANALYZE items;
