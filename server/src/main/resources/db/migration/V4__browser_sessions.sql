-- Browser sessions (cookie sign-in). Only hashes of the session and CSRF tokens are stored.
CREATE TABLE browser_sessions (
    id           uuid        PRIMARY KEY,
    session_hash char(64)    NOT NULL UNIQUE,
    csrf_hash    char(64)    NOT NULL,
    user_id      uuid        NOT NULL REFERENCES users (id),
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE INDEX browser_sessions_user_idx ON browser_sessions (user_id);
