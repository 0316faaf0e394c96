-- Payment provider events already handled (webhook deduplication by the provider's event id). A row is
-- written in the same transaction as the change the event causes: a failed event leaves no row and can
-- be redelivered.
CREATE TABLE payment_events (
    id          varchar(255) PRIMARY KEY,
    type        varchar(64)  NOT NULL,
    order_id    uuid,
    outcome     varchar(16)  NOT NULL,
    received_at timestamptz  NOT NULL
);
