-- Realtime events too large for a NOTIFY payload, by reference (PostgreSQL only: a SQLite database has one node and
-- an in-process bus). Kept here so both dialects have the same schema versions.
CREATE TABLE realtime_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    node_id    TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX realtime_events_created ON realtime_events (created_at);
