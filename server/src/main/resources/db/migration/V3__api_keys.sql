-- Partner API keys: only a SHA-256 of the key is stored; the prefix is kept to recognise it in lists.
CREATE TABLE api_keys (
    id           uuid         PRIMARY KEY,
    owner_id     uuid         NOT NULL REFERENCES users (id),
    name         varchar(100) NOT NULL,
    prefix       varchar(16)  NOT NULL,
    key_hash     char(64)     NOT NULL UNIQUE,
    scopes       varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_owner_idx ON api_keys (owner_id, created_at);
