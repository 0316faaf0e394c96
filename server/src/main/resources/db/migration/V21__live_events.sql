-- Live events (WebSocket): single-use tickets for the handshake, and the fan-out table whose row ids
-- travel through PostgreSQL NOTIFY (payloads can exceed NOTIFY's 8000-byte limit).
CREATE TABLE event_tickets (
    ticket_hash CHAR(64)     PRIMARY KEY,
    subject     VARCHAR(255) NOT NULL,
    scopes      VARCHAR(512) NOT NULL,
    expires_at  TIMESTAMPTZ  NOT NULL,
    used_at     TIMESTAMPTZ
);
CREATE INDEX event_tickets_expires_idx ON event_tickets (expires_at);

CREATE TABLE live_events (
    id         BIGSERIAL   PRIMARY KEY,
    event_type VARCHAR(64) NOT NULL,
    audience   TEXT        NOT NULL,  -- space-separated subjects
    envelope   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX live_events_created_idx ON live_events (created_at);
