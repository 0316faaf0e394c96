-- Items offered for sale. Flyway owns the schema (spring.jpa.hibernate.ddl-auto=none).
CREATE TABLE items (
    id          uuid          PRIMARY KEY,
    name        varchar(200)  NOT NULL,
    description varchar(5000),
    price       numeric(16,4) NOT NULL CHECK (price >= 0),
    currency    char(3)       NOT NULL,
    status      varchar(16)   NOT NULL,
    created_at  timestamptz   NOT NULL,
    updated_at  timestamptz   NOT NULL,
    version     bigint        NOT NULL DEFAULT 0
);

-- Keyset pagination: one index per sort order (id breaks ties).
CREATE INDEX items_created_at_id_idx ON items (created_at, id);
CREATE INDEX items_price_id_idx ON items (price, id);
-- Filters.
CREATE INDEX items_status_created_at_idx ON items (status, created_at, id);
