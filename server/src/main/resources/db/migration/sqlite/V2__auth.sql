-- Users and sign-in. Users belong to one app; emails are stored lower-cased and unique per app.
CREATE TABLE users (
    app_id        TEXT    NOT NULL,
    id            TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    full_name     TEXT,
    role          TEXT    NOT NULL DEFAULT 'user',
    password_hash TEXT,
    is_verified   INTEGER NOT NULL DEFAULT 0,
    disabled      INTEGER,
    data          TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
    token_version INTEGER NOT NULL DEFAULT 0,
    created_date  TEXT    NOT NULL,
    updated_date  TEXT    NOT NULL,
    PRIMARY KEY (app_id, id)
) WITHOUT ROWID;

CREATE UNIQUE INDEX users_email ON users (app_id, lower(email));

-- Per-app secrets (the JWT signing key), created on first use and kept for the life of the store.
CREATE TABLE app_keys (
    app_id       TEXT NOT NULL,
    name         TEXT NOT NULL,
    secret       TEXT NOT NULL,
    created_date TEXT NOT NULL,
    PRIMARY KEY (app_id, name)
) WITHOUT ROWID;

-- One-time codes (e-mail verification). Only a hash of the code is kept. A pending registration
-- keeps its password hash here until the code is verified; the user row is created then.
CREATE TABLE one_time_codes (
    app_id        TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    purpose       TEXT    NOT NULL,
    code_hash     TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    password_hash TEXT,
    attempts      INTEGER NOT NULL DEFAULT 0,
    expires_at    INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (app_id, email, purpose)
) WITHOUT ROWID;

-- Password reset and invitation tokens. Only a hash of the token is kept; single use.
CREATE TABLE reset_tokens (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    app_id     TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;

CREATE INDEX reset_tokens_user ON reset_tokens (app_id, user_id);
