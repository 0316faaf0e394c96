-- Transactional outbox, one row per event (replaces Spring Modulith's event_publication, one row per listener).
-- A row is written with the business change; each instance's relay claims due rows in batches
-- (FOR UPDATE SKIP LOCKED), hands them to every consumer in one transaction and deletes them. A row that failed
-- for some consumers keeps only those in `consumers` (NULL: all) and waits until `available_at` to be retried.
CREATE TABLE outbox_events (
    event_id     UUID         PRIMARY KEY,
    event_type   VARCHAR(64)  NOT NULL,
    event_class  VARCHAR(255) NOT NULL,  -- the Java record the payload is read back into
    payload      TEXT         NOT NULL,  -- the event as JSON
    traceparent  VARCHAR(55),            -- W3C trace context of the request that recorded it
    consumers    TEXT[],
    attempts     INTEGER      NOT NULL DEFAULT 0,
    available_at TIMESTAMPTZ  NOT NULL,
    created_at   TIMESTAMPTZ  NOT NULL,
    last_error   VARCHAR(200)
);
CREATE INDEX outbox_events_available_idx ON outbox_events (available_at);

-- Publications still incomplete at the upgrade are carried over (one row per event, for the listeners that had
-- not completed), so no event is lost; completed ones were history only.
INSERT INTO outbox_events (event_id, event_type, event_class, payload, consumers, available_at, created_at)
SELECT coalesce((serialized_event::jsonb ->> 'eventId')::uuid, gen_random_uuid()),
       CASE event_type
           WHEN 'dev.marketplace.item.ItemCreated' THEN 'item.created'
           WHEN 'dev.marketplace.order.OrderPlaced' THEN 'order.placed'
           WHEN 'dev.marketplace.order.OrderStatusChanged' THEN 'order.status_changed'
           ELSE left(event_type, 64) END,
       left(event_type, 255),
       serialized_event,
       array_agg(DISTINCT CASE
           WHEN listener_id LIKE '%WebhookFanout%' THEN 'webhooks'
           WHEN listener_id LIKE '%LiveEventRelay%' THEN 'live'
           WHEN listener_id LIKE '%OrderNotifications%' THEN 'order-mail'
           ELSE listener_id END),
       now(),
       min(publication_date)
FROM event_publication
WHERE completion_date IS NULL
GROUP BY serialized_event, event_type
ON CONFLICT (event_id) DO NOTHING;

DROP TABLE event_publication;
