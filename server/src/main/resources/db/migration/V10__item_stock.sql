-- Units left to order. Existing items get 1; placing an order takes units atomically
-- (UPDATE … SET stock = stock - q WHERE stock >= q), cancelling puts them back.
ALTER TABLE items ADD COLUMN stock integer NOT NULL DEFAULT 1 CONSTRAINT items_stock_non_negative CHECK (stock >= 0);
