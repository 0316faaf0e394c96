-- One-time tokens sent by email (verification, password reset); stored as SHA-256, single use, expiring.
CREATE TABLE one_time_tokens (
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id),
    purpose    varchar(32) NOT NULL,
    token_hash char(64)    NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);
CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id);
