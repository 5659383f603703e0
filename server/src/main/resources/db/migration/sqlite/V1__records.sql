-- Entity records of every app. System fields are columns; the app's own fields live in `data` (JSON text).
CREATE TABLE records (
    app_id        TEXT    NOT NULL,
    entity        TEXT    NOT NULL,
    env           TEXT    NOT NULL DEFAULT 'prod',
    id            TEXT    NOT NULL,
    data          TEXT    NOT NULL CHECK (json_valid(data)),
    created_date  TEXT    NOT NULL,
    updated_date  TEXT    NOT NULL,
    created_by    TEXT,
    created_by_id TEXT,
    is_sample     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (app_id, entity, env, id)
) WITHOUT ROWID;

-- The default page (newest first) walks this index; get by id uses the primary key.
CREATE INDEX records_newest ON records (app_id, entity, env, created_date DESC, id DESC);
