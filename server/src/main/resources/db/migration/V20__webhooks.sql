-- Partner webhooks: endpoints, one delivery per (endpoint, event) and every HTTP attempt.
CREATE TABLE webhook_endpoints (
    id                         UUID          PRIMARY KEY,
    owner_id                   VARCHAR(255)  NOT NULL,
    url                        VARCHAR(2048) NOT NULL,
    description                VARCHAR(500),
    event_types                VARCHAR(200)  NOT NULL,  -- space-separated
    status                     VARCHAR(16)   NOT NULL,
    disabled_reason            VARCHAR(200),
    secret                     VARCHAR(200)  NOT NULL,  -- AES-GCM encrypted when a key is configured
    previous_secret            VARCHAR(200),
    previous_secret_expires_at TIMESTAMPTZ,
    created_at                 TIMESTAMPTZ   NOT NULL,
    updated_at                 TIMESTAMPTZ   NOT NULL,
    version                    BIGINT        NOT NULL DEFAULT 0
);
CREATE INDEX webhook_endpoints_owner_idx ON webhook_endpoints (owner_id, created_at DESC);

CREATE TABLE webhook_deliveries (
    id              UUID         PRIMARY KEY,
    endpoint_id     UUID         NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id        UUID         NOT NULL,
    event_type      VARCHAR(64)  NOT NULL,
    payload         TEXT         NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempt_count   INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    claimed_until   TIMESTAMPTZ,
    claim_token     UUID,
    created_at      TIMESTAMPTZ  NOT NULL,
    completed_at    TIMESTAMPTZ,
    -- a republished event (outbox retry, restart) never creates a second delivery
    CONSTRAINT webhook_deliveries_endpoint_event_uq UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_log_idx ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

CREATE TABLE webhook_delivery_attempts (
    id               BIGSERIAL     PRIMARY KEY,
    delivery_id      UUID          NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at     TIMESTAMPTZ   NOT NULL,
    status_code      INTEGER,
    duration_ms      BIGINT        NOT NULL,
    error            VARCHAR(200),
    response_excerpt VARCHAR(1024)
);
CREATE INDEX webhook_delivery_attempts_delivery_idx ON webhook_delivery_attempts (delivery_id, attempted_at DESC);
