-- Connectors (api-contract §8) and SSO tokens (§9). Every token column holds ciphertext only (AES-256-GCM with a
-- per-app key derived from the app's key in app_keys; see connectors/TokenCipher), never a plain token.

-- One OAuth connection: the app's own account (user_id '') or one app user's. refresh_claim: until when (epoch
-- millis) one node holds the right to refresh it, so a refresh happens once across nodes.
CREATE TABLE connector_connections (
    app_id        TEXT    NOT NULL,
    connector     TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    access_token  TEXT    NOT NULL,
    refresh_token TEXT,
    expires_at    BIGINT,
    scope         TEXT,
    status        TEXT    NOT NULL,
    status_reason TEXT,
    refresh_claim BIGINT  NOT NULL DEFAULT 0,
    updated_date  TEXT    NOT NULL,
    PRIMARY KEY (app_id, connector, user_id)
) WITHOUT ROWID;

-- Connects in flight, keyed by a hash of the random state sent to the provider; taken once.
CREATE TABLE connector_states (
    state_hash    TEXT    NOT NULL PRIMARY KEY,
    app_id        TEXT    NOT NULL,
    connector     TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    code_verifier TEXT    NOT NULL,
    redirect_uri  TEXT    NOT NULL,
    expires_at    BIGINT  NOT NULL
) WITHOUT ROWID;

-- The provider tokens of a user's last social sign-in (§9), for asServiceRole.sso.
CREATE TABLE sso_tokens (
    app_id        TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    token_url     TEXT,
    access_token  TEXT,
    refresh_token TEXT,
    id_token      TEXT,
    expires_at    BIGINT,
    refresh_claim BIGINT  NOT NULL DEFAULT 0,
    updated_date  TEXT    NOT NULL,
    PRIMARY KEY (app_id, user_id)
) WITHOUT ROWID;
