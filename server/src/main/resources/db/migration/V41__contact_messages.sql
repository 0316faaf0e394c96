-- Contact form messages and their email delivery (a transactional outbox): stored with the request,
-- mailed after commit, retried with backoff by a poller until sent or out of attempts.
CREATE TABLE contact_messages (
    id              uuid          PRIMARY KEY,
    name            varchar(100)  NOT NULL,
    email           varchar(254)  NOT NULL,
    message         varchar(5000) NOT NULL,
    created_at      timestamptz   NOT NULL,
    delivery_status varchar(16)   NOT NULL DEFAULT 'pending' CHECK (delivery_status IN ('pending', 'sent', 'failed')),
    attempts        integer       NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz   NOT NULL,
    last_attempt_at timestamptz,
    sent_at         timestamptz
);

-- What the poller claims: pending messages that are due.
CREATE INDEX contact_messages_due_idx ON contact_messages (next_attempt_at) WHERE delivery_status = 'pending';
