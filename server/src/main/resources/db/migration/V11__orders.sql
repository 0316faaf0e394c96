-- Orders and their lines. A line keeps a snapshot of the item (name, seller, unit price) as it was
-- when the order was placed, so it has no foreign key to items: items may change or go away.
CREATE TABLE orders (
    id              uuid          PRIMARY KEY,
    buyer_id        varchar(255)  NOT NULL,
    status          varchar(16)   NOT NULL
        CONSTRAINT orders_status_known CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),
    total           numeric(18,4) NOT NULL CHECK (total >= 0),
    currency        char(3)       NOT NULL,
    -- The Idempotency-Key the order was placed with: a request that is re-run after a crash between the
    -- order's commit and the stored response finds its order instead of placing a second one.
    idempotency_key varchar(255),
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    version         bigint        NOT NULL DEFAULT 0
);

-- A buyer's orders, newest first (keyset pagination), and the lookup by idempotency key.
CREATE INDEX orders_buyer_created_at_idx ON orders (buyer_id, created_at DESC, id DESC);
CREATE INDEX orders_buyer_idempotency_key_idx ON orders (buyer_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX orders_created_at_idx ON orders (created_at DESC, id DESC);

CREATE TABLE order_lines (
    order_id   uuid          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_no    smallint      NOT NULL,
    item_id    uuid          NOT NULL,
    seller_id  varchar(255),
    name       varchar(200)  NOT NULL,
    quantity   integer       NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    unit_price numeric(16,4) NOT NULL CHECK (unit_price >= 0),
    PRIMARY KEY (order_id, line_no)
);

-- A seller's orders (orders with at least one of their items).
CREATE INDEX order_lines_seller_idx ON order_lines (seller_id, order_id);
