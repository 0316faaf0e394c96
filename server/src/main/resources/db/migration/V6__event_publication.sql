-- Transactional outbox: Spring Modulith's event publication registry (JPA, 2.0.x layout).
-- A row is written per (event, listener) in the business transaction; the listener runs after
-- commit and completes the row; incomplete rows are resubmitted (retried) and republished on restart.
CREATE TABLE event_publication (
    id                     UUID PRIMARY KEY,
    listener_id            VARCHAR(512) NOT NULL,
    event_type             VARCHAR(512) NOT NULL,
    serialized_event       TEXT         NOT NULL,
    publication_date       TIMESTAMPTZ  NOT NULL,
    completion_date        TIMESTAMPTZ,
    last_resubmission_date TIMESTAMPTZ,
    completion_attempts    INTEGER      NOT NULL DEFAULT 0,
    status                 VARCHAR(20)
);

CREATE INDEX event_publication_incomplete_idx ON event_publication (publication_date)
    WHERE completion_date IS NULL;
CREATE INDEX event_publication_serialized_event_hash_idx ON event_publication USING hash (serialized_event);
