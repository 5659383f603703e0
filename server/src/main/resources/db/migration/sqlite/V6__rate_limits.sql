-- Rate-limit counters, shared by every node on the database: one fixed window per key, counted by a single
-- upsert per request. Only a hash of the key is kept (keys name client IPs and email addresses). Rows whose
-- window has ended are purged.
CREATE TABLE rate_limits (
    key_hash     TEXT    NOT NULL PRIMARY KEY,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX rate_limits_expires ON rate_limits (expires_at);

-- Social sign-ins in flight (OAuth/OIDC), so the provider's callback may land on any node: keyed by a hash of
-- the state sent to the provider, bound to the starting browser by a hash of its cookie; taken once.
CREATE TABLE oauth_states (
    state_hash    TEXT    NOT NULL PRIMARY KEY,
    browser_hash  TEXT    NOT NULL,
    app_id        TEXT    NOT NULL,
    provider      TEXT    NOT NULL,
    redirect_uri  TEXT    NOT NULL,
    from_url      TEXT,
    popup_origin  TEXT,
    nonce         TEXT    NOT NULL,
    code_verifier TEXT    NOT NULL,
    expires_at    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX oauth_states_expires ON oauth_states (expires_at);
