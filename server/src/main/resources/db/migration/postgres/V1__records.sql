-- Entity records of every app. System fields are columns; the app's own fields live in `data` (JSONB).
CREATE TABLE records (
    app_id        TEXT    NOT NULL,
    entity        TEXT    NOT NULL,
    env           TEXT    NOT NULL DEFAULT 'prod',
    id            TEXT    NOT NULL,
    data          JSONB   NOT NULL,
    created_date  TEXT    NOT NULL,
    updated_date  TEXT    NOT NULL,
    created_by    TEXT,
    created_by_id TEXT,
    is_sample     BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (app_id, entity, env, id)
);

-- The default page (newest first) walks this index; get by id uses the primary key.
CREATE INDEX records_newest ON records (app_id, entity, env, created_date DESC, id DESC);
