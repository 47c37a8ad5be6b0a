-- Portable SQL: runs on PostgreSQL and on the embedded H2 (PostgreSQL mode). JSON is kept as text so both agree.
CREATE TABLE users (
    id          UUID PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE devices (
    id                 UUID PRIMARY KEY,
    user_id            UUID NOT NULL REFERENCES users (id),
    device_identifier  VARCHAR(256) NOT NULL,
    -- equals device_identifier while the device is live, NULL once revoked: unique among live devices only,
    -- portable where partial indexes are not (H2).
    live_identifier    VARCHAR(256) UNIQUE,
    token_hash         VARCHAR(64) NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at         TIMESTAMP WITH TIME ZONE
);

-- A login (register) starts a token family; refresh tokens rotate inside it. Reuse revokes the family.
CREATE TABLE token_families (
    id          UUID PRIMARY KEY,
    device_id   UUID NOT NULL REFERENCES devices (id),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX token_families_device ON token_families (device_id);

CREATE TABLE refresh_tokens (
    id          UUID PRIMARY KEY,
    family_id   UUID NOT NULL REFERENCES token_families (id),
    token_hash  VARCHAR(64) NOT NULL,
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE sessions (
    id              UUID PRIMARY KEY,
    -- insertion order, for stable newest-first listing even within one millisecond
    seq             BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    user_id         UUID NOT NULL REFERENCES users (id),
    device_id       UUID NOT NULL REFERENCES devices (id),
    status          VARCHAR(16) NOT NULL,
    audio_config    TEXT NOT NULL,
    voice_config    TEXT NOT NULL,
    metadata        TEXT NOT NULL,
    context_data    TEXT NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at        TIMESTAMP WITH TIME ZONE,
    owner_instance  VARCHAR(128)
);
CREATE INDEX sessions_user_seq ON sessions (user_id, seq DESC);
CREATE INDEX sessions_status_expires ON sessions (status, expires_at);
