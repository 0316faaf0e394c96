-- Idempotency-Key records (POST /api/v2/orders), scoped per principal. A row is inserted as
-- in_progress in its own short transaction before the business transaction runs (the primary key
-- turns a concurrent duplicate into a 409), then completed with the response to replay. Rows are
-- purged after the retention (24 h by default).
CREATE TABLE idempotency_keys (
    principal             varchar(255)  NOT NULL,
    idempotency_key       varchar(255)  NOT NULL,
    request_hash          char(64)      NOT NULL,
    status                varchar(16)   NOT NULL
        CONSTRAINT idempotency_keys_status_known CHECK (status IN ('in_progress', 'completed')),
    response_status       integer,
    response_content_type varchar(255),
    response_location     varchar(2048),
    response_body         text,
    created_at            timestamptz   NOT NULL,
    completed_at          timestamptz,
    PRIMARY KEY (principal, idempotency_key)
);

CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
