-- Indexes created for schema "indexes" declarations. Startup drops only indexes listed here, and
-- only those of the apps it hosts, so no other index is ever touched.
CREATE TABLE schema_indexes (
    name       TEXT NOT NULL PRIMARY KEY,
    app_id     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    definition TEXT NOT NULL
);

CREATE INDEX schema_indexes_app ON schema_indexes (app_id);
