-- Accounts. Email is unique case-insensitively; deleted accounts keep their row (soft delete).
CREATE TABLE users (
    id             uuid         PRIMARY KEY,
    email          varchar(254) NOT NULL,
    password_hash  varchar(100) NOT NULL,
    display_name   varchar(100) NOT NULL,
    role           varchar(16)  NOT NULL,
    email_verified boolean      NOT NULL DEFAULT false,
    deleted_at     timestamptz,
    created_at     timestamptz  NOT NULL,
    updated_at     timestamptz  NOT NULL,
    version        bigint       NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_created_at_id_idx ON users (created_at, id);

-- Opaque refresh tokens, stored as SHA-256 hashes. A family is one sign-in; rotating issues a new
-- member and marks the old one used; presenting a used member revokes the whole family.
CREATE TABLE refresh_tokens (
    id          uuid        PRIMARY KEY,
    token_hash  char(64)    NOT NULL UNIQUE,
    family_id   uuid        NOT NULL,
    user_id     uuid        NOT NULL REFERENCES users (id),
    scope       varchar(512) NOT NULL,
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz,
    revoked_at  timestamptz,
    created_at  timestamptz NOT NULL
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

-- Items belong to the subject that created them (a user id, or an external identity provider's subject).
ALTER TABLE items ADD COLUMN owner_id varchar(255);
CREATE INDEX items_owner_idx ON items (owner_id);
