-- Keys that seal the cursors of v2/list pages (api-contract §4.3), per app, shared by every node on the database
-- so a cursor from one node (or from before a restart) opens on any other. One key per rotation period: key_id is
-- the period's number (epoch milliseconds divided by the period), written into each cursor. A key is created once,
-- by whichever node needs it first (insert-if-absent, then read), and deleted once no cursor it sealed may still
-- be opened. NB: secrets; never logged or sent anywhere.
CREATE TABLE cursor_keys (
    app_id       TEXT   NOT NULL,
    key_id       BIGINT NOT NULL,
    secret       TEXT   NOT NULL,
    created_date TEXT   NOT NULL,
    PRIMARY KEY (app_id, key_id)
);
