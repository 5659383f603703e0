-- Realtime events too large for a NOTIFY payload (8000 bytes): the sending node writes the event here in the
-- transaction that notifies, and the notification carries only the row id. Rows are purged after a few minutes.
CREATE TABLE realtime_events (
    id         BIGSERIAL PRIMARY KEY,
    node_id    TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX realtime_events_created ON realtime_events (created_at);
